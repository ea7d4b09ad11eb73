/**
 * The local web viewer of a case library (docs/viewer.md): opens the library read-only
 * (a batch or the workers may keep writing to it: SQLite's WAL, or PostgreSQL, lets the
 * viewer read alongside) and serves it over HTTP on a loopback address.
 */
import {
  Library,
  openLibraryForReading,
  sqliteCaseLibrary,
  type CaseLibrary,
  type LibraryLocation,
} from '../store/index.js';
import { listen, type RunningServer } from './http.js';
import { viewerHandler } from './routes.js';

export interface ViewerOptions {
  /** The SQLite file (`--library`) or PostgreSQL database (`--db`). */
  readonly location: LibraryLocation;
  /** Address to bind; the CLI refuses non-loopback addresses unless told --allow-remote. */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Where unexpected errors go (the page only says that one happened). */
  readonly logError: (error: unknown) => void;
}

export interface RunningViewer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Serves an already open library (tests, embedding); closing stops the server, not the library. */
export function serveLibrary(
  library: Library | CaseLibrary,
  host: string,
  port: number,
  logError: (error: unknown) => void,
): Promise<RunningServer> {
  return listen(viewerHandler(library instanceof Library ? sqliteCaseLibrary(library) : library), host, port, logError);
}

export async function startViewer(options: ViewerOptions): Promise<RunningViewer> {
  const library = await openLibraryForReading(options.location);
  let running: RunningServer;
  try {
    running = await serveLibrary(library, options.host, options.port, options.logError);
  } catch (error) {
    await library.close();
    throw error;
  }
  return {
    url: running.url,
    port: running.port,
    close: async () => {
      await running.close();
      await library.close();
    },
  };
}
