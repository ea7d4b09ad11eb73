/**
 * Input discipline (src/model/bundle/input-file.ts): only regular files are read, the check
 * is made on the opened descriptor, and nothing blocks or reads past the size fstat gave.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FormatError } from '../../src/formats/diagnostics.js';
import { readRegularFile, readRegularFileHead, requireRegularFile } from '../../src/model/bundle/input-file.js';

const folder = mkdtempSync(join(tmpdir(), 'apkwitness-input-'));
process.once('exit', () => rmSync(folder, { recursive: true, force: true }));

function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    assert.ok(error instanceof FormatError, String(error));
    assert.doesNotMatch(error.message, /[\r\n]/);
    return error.message;
  }
  assert.fail('expected a refusal');
}

test('devices, FIFOs, folders and missing files are refused in one line, at once', () => {
  const fifo = join(folder, 'fifo.apk');
  execFileSync('mkfifo', [fifo]);
  symlinkSync('/dev/zero', join(folder, 'zero.apk'));
  symlinkSync('/dev/urandom', join(folder, 'urandom.apk'));
  symlinkSync(fifo, join(folder, 'link-to-fifo.apk'));
  symlinkSync(join(folder, 'nowhere'), join(folder, 'dangling.apk'));
  mkdirSync(join(folder, 'folder.apk'));
  const cases: Array<[string, RegExp]> = [
    ['zero.apk', /zero\.apk \(\/dev\/zero\) is a character device, not a regular file/],
    ['urandom.apk', /is a character device/],
    ['fifo.apk', /fifo\.apk is a named pipe \(FIFO\)/],
    ['link-to-fifo.apk', /link-to-fifo\.apk \(.*fifo\.apk\) is a named pipe/],
    ['folder.apk', /folder\.apk is a folder/],
    ['dangling.apk', /dangling\.apk: no such file or folder/],
    ['missing.apk', /missing\.apk: no such file or folder/],
  ];
  for (const [name, pattern] of cases) {
    const path = join(folder, name);
    assert.match(
      refusal(() => readRegularFile(path)),
      pattern,
      name,
    );
    assert.match(
      refusal(() => readRegularFileHead(path, 64)),
      pattern,
      name,
    );
    assert.match(
      refusal(() => requireRegularFile(path)),
      pattern,
      name,
    );
  }
});

test('a socket is refused', async () => {
  const path = join(folder, 'socket.apk');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(path, resolve));
  try {
    assert.match(
      refusal(() => readRegularFile(path)),
      /socket\.apk.*(a socket)/,
    );
  } finally {
    server.close();
  }
});

test('a regular file (also through a link) is read whole; an over-limit file is refused', () => {
  const path = join(folder, 'small.apk');
  writeFileSync(path, 'PK\u0005\u0006 and more');
  symlinkSync(path, join(folder, 'small-link.apk'));
  assert.equal(new TextDecoder().decode(readRegularFile(path).bytes), 'PK\u0005\u0006 and more');
  assert.equal(readRegularFile(join(folder, 'small-link.apk')).size, 13);
  assert.equal(readRegularFileHead(path, 4).length, 4);
  assert.match(
    refusal(() => readRegularFile(path, 8)),
    /small\.apk is 13 bytes, over the 8-byte limit/,
  );
});
