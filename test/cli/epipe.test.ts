/**
 * A reader that stops early (`apkwitness scan app.apk --json | head -c 100`) closes the pipe:
 * the command ends quietly with status 0, no EPIPE stack trace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repositoryRoot } from '../support/corpus.js';

const ENTRY = join(repositoryRoot, 'test', 'batch', 'cli-entry.ts');
const DEMO = join(repositoryRoot, 'fixtures', 'demo', 'field-survey.apk');

function closedEarly(args: readonly string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let seen = 0;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      // Like head -c 100: read a little, then close the pipe.
      if (seen >= 100) child.stdout.destroy();
    });
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

// Outputs larger than a pipe's 64 KiB buffer, so that writing goes on after the reader left.
for (const args of [
  ['scan', DEMO, '--json'],
  ['scan', DEMO, '--format', 'html'],
  ['scan', DEMO, '--format', 'sarif'],
]) {
  test(`${args.join(' ')} | head: status 0, nothing on stderr`, async () => {
    const { status, stderr } = await closedEarly(args);
    assert.equal(status, 0, stderr);
    assert.equal(stderr, '');
  });
}
