#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's own test runner.
// Node 20's --test does not expand globs, so the file list is built here.
// Test files run in parallel, one per core (node's default is one less than the cores:
// a single file at a time on a 2-core machine); APKWITNESS_TEST_CONCURRENCY overrides it.
//
// --shards: the files run in a few processes (two per core), each importing its share of
// them in turn, instead of one process per file. Every file then no longer loads tsx and
// its share of src/ (the lexicons, the tables) on its own: `npm run test:unit` takes less
// than half the CPU (README, "Tests"). Files then share a process, so a test that leaves
// state behind can disturb another: the full run (`npm test`, CI) keeps one process per
// file and catches that.
import { availableParallelism, tmpdir } from 'node:os';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir, out) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const shardsRequested = process.argv.includes('--shards');
const filter = process.argv.slice(2).filter((argument) => argument !== '--shards');
let files = [...collect('src', []), ...collect('test', [])];
if (filter.length > 0) files = files.filter((file) => filter.some((part) => file.includes(part)));
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(2);
}
const concurrency = Number(process.env.APKWITNESS_TEST_CONCURRENCY ?? availableParallelism());

let shardFolder;
if (shardsRequested) {
  // Round robin over the sorted list spreads each folder's slow files over the shards.
  const count = Math.min(files.length, 2 * concurrency);
  shardFolder = mkdtempSync(join(tmpdir(), 'apkwitness-test-shards-'));
  const shards = [];
  for (let shard = 0; shard < count; shard++) {
    const mine = files.filter((_, index) => index % count === shard);
    const path = join(shardFolder, `shard-${shard + 1}-of-${count}.test.mjs`);
    writeFileSync(path, mine.map((file) => `await import(${JSON.stringify(resolve(file))});\n`).join(''));
    shards.push(path);
  }
  files = shards;
}
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-timeout=600000',
    `--test-concurrency=${shardsRequested ? files.length : concurrency}`,
    ...files,
  ],
  { stdio: 'inherit' },
);
if (shardFolder !== undefined) rmSync(shardFolder, { recursive: true, force: true });
process.exit(result.status ?? 2);
