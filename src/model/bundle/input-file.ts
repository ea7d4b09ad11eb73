/**
 * Input discipline: the one place where apkwitness opens a file a user named. Only regular
 * files are read. The check is made on the opened descriptor (fstat), never by a stat of the
 * path before opening (a symlink can be swapped in between); the descriptor is opened
 * non-blocking so that a FIFO cannot block the open itself, and the size read is the size
 * fstat gave: a file that grows while it is read (a device, a log) is never read past it.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { constants as bufferConstants } from 'node:buffer';
import { FormatError } from '../../formats/diagnostics.js';

/**
 * Largest input read into memory. Node's Buffer cannot hold more (buffer.constants.MAX_LENGTH,
 * 4 GiB on 64-bit Node 20), and a ZIP without Zip64 cannot address more either; the largest
 * real APKs (games with their assets inside) stay under Google Play's 4 GB limit per APK.
 */
const MAX_INPUT_BYTES = Math.min(bufferConstants.MAX_LENGTH, 4 * 1024 * 1024 * 1024);

/** Open flags: read only, never block on a FIFO, never become the controlling terminal. */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

/** Reads at most this many bytes per read(2) call. */
const READ_CHUNK = 64 * 1024 * 1024;

export interface InputFile {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly size: number;
  readonly mtimeMs: number;
}

/** What kind of file `stats` describes, in words, for a one-line refusal. */
export function fileKind(stats: Stats): string {
  if (stats.isFile()) return 'a regular file';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function target(path: string): string {
  try {
    const real = realpathSync(path);
    return real === path ? '' : ` (${real})`;
  } catch {
    return '';
  }
}

function describeOpenError(path: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return `${path}: no such file or folder`;
    case 'EACCES':
    case 'EPERM':
      return `${path}: permission denied`;
    case 'ENXIO':
      // open(2) on a UNIX socket, or on a FIFO opened for writing without a reader.
      return `${path}${target(path)}: not a regular file (a socket)`;
    case 'ELOOP':
      return `${path}: too many levels of symbolic links`;
    default:
      return `${path}: cannot open (${error.message.split('\n')[0] ?? error.code ?? 'error'})`;
  }
}

/**
 * Opens `path` for reading if it is a regular file (symbolic links followed), and returns
 * the descriptor and its fstat; throws FormatError with one line naming the file otherwise.
 * The caller closes the descriptor.
 */
export function openRegularFile(path: string): { fd: number; stats: Stats } {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    throw new FormatError('input.unreadable', 0, describeOpenError(path, error as NodeJS.ErrnoException));
  }
  let stats: Stats;
  try {
    stats = fstatSync(fd);
  } catch (error) {
    closeSync(fd);
    throw new FormatError('input.unreadable', 0, `${path}: cannot read (${(error as Error).message})`);
  }
  if (!stats.isFile()) {
    closeSync(fd);
    throw new FormatError(
      'input.not-a-regular-file',
      0,
      `${path}${target(path)} is ${fileKind(stats)}, not a regular file: refused`,
    );
  }
  return { fd, stats };
}

/** Reads up to `length` bytes at `position` of `fd` into `buffer`; fewer when the file ends first. */
function readFully(fd: number, buffer: Uint8Array, length: number, position = 0): number {
  let done = 0;
  while (done < length) {
    const read = readSync(fd, buffer, done, Math.min(READ_CHUNK, length - done), position + done);
    if (read === 0) break;
    done += read;
  }
  return done;
}

/** Throws the one-line FormatError for an input over the size limit. */
function refuseTooLarge(path: string, size: number, maxBytes: number): void {
  if (size > maxBytes)
    throw new FormatError(
      'input.too-large',
      0,
      `${path} is ${size} bytes, over the ${maxBytes}-byte limit of one input`,
    );
}

/** Reads windows of one open file: up to `length` bytes at absolute `position`. */
export type ReadWindow = (position: number, length: number) => Uint8Array;

/**
 * Lets `use` read windows of a regular file (not the whole file) through one descriptor,
 * closed afterwards; the same refusals as readRegularFile, the size limit included.
 */
export function withRegularFileWindows<T>(
  path: string,
  use: (size: number, readAt: ReadWindow) => T,
  maxBytes = MAX_INPUT_BYTES,
): T {
  const { fd, stats } = openRegularFile(path);
  try {
    refuseTooLarge(path, stats.size, maxBytes);
    return use(stats.size, (position, length) => {
      const buffer = new Uint8Array(Math.max(0, Math.min(length, stats.size - position)));
      try {
        return buffer.subarray(0, readFully(fd, buffer, buffer.length, position));
      } catch (error) {
        throw new FormatError('input.unreadable', position, `${path}: cannot read (${(error as Error).message})`);
      }
    });
  } finally {
    closeSync(fd);
  }
}

/**
 * The bytes of a regular file, at most as many as its descriptor's size said when opened.
 * Throws FormatError (one line naming the file) for anything else: a device, FIFO, socket,
 * folder, a missing or unreadable file, or a file over MAX_INPUT_BYTES.
 */
export function readRegularFile(path: string, maxBytes = MAX_INPUT_BYTES): InputFile {
  const { fd, stats } = openRegularFile(path);
  try {
    refuseTooLarge(path, stats.size, maxBytes);
    const buffer = new Uint8Array(stats.size);
    let length: number;
    try {
      length = readFully(fd, buffer, stats.size);
    } catch (error) {
      throw new FormatError('input.unreadable', 0, `${path}: cannot read (${(error as Error).message})`);
    }
    // A file that shrank while being read: what was read is what there is.
    const bytes = length === stats.size ? buffer : buffer.subarray(0, length);
    return { path, bytes, size: bytes.length, mtimeMs: stats.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/**
 * The first `length` bytes of a regular file (fewer if it is shorter); the same refusals as
 * readRegularFile.
 */
export function readRegularFileHead(path: string, length: number): Uint8Array {
  const { fd, stats } = openRegularFile(path);
  try {
    const buffer = new Uint8Array(Math.min(length, stats.size));
    return buffer.subarray(0, readFully(fd, buffer, buffer.length));
  } finally {
    closeSync(fd);
  }
}

/** Throws the same one-line FormatError as readRegularFile unless `path` is a regular file; reads nothing. */
export function requireRegularFile(path: string): Stats {
  const { fd, stats } = openRegularFile(path);
  closeSync(fd);
  return stats;
}

/**
 * Whether `path` names a folder (symbolic links followed). Anything else is left to
 * readRegularFile to accept or refuse; a path that does not exist throws its one line here.
 */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (error) {
    throw new FormatError('input.unreadable', 0, describeOpenError(path, error as NodeJS.ErrnoException));
  }
}
