#!/usr/bin/env node
// Thin launcher: the CLI lives in src/cli, compiled and bundled into dist/apkwitness.js by `npm run build`.
import { setFlagsFromString } from 'node:v8';
import { main } from '../dist/apkwitness.js';

// V8 doubles the young generation's semi-spaces while a model is built, and the process's peak
// memory keeps their pages. A growth factor of 1 keeps them at their first size: a lower peak at
// no CPU cost we can measure (docs/flows.md, "Memory against issue 3's bound"). V8 reads the flag
// whenever it would grow the space, so setting it before any scan is enough.
setFlagsFromString('--semi-space-growth-factor=1');

// A reader that stops early (apkwitness scan … | head) closes the pipe: the report is not
// wanted any more, so the command ends quietly with status 0 instead of an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
