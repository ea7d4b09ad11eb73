#!/usr/bin/env node
// Thin launcher: the CLI lives in src/cli, compiled and bundled into dist/apkwitness.js by `npm run build`.
import { CLI_V8_FLAGS, main, tuneForScanning } from '../dist/apkwitness.js';

// V8 settings for scanning, before any command loads its code (src/scan/process-tuning.ts).
tuneForScanning(CLI_V8_FLAGS);

// A reader that stops early (apkwitness scan … | head) closes the pipe: the report is not
// wanted any more, so the command ends quietly with status 0 instead of an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
