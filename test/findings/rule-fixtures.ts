/**
 * Models over the rule fixtures of fixtures/smali/rules (one dex per rule, built
 * by its build.sh): code from smali, everything else hand-built.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCodeIndex } from '../../src/model/code-index/index.js';
import { dexFileSource, parsedSources } from '../../src/model/code/index.js';
import type { AppModel } from '../../src/model/app-model.js';
import { repositoryRoot } from '../support/corpus.js';
import { handBuiltModel } from './models.js';

/** A model whose only code is fixtures/smali/rules/<rule>.dex (as classes.dex). */
export function ruleFixtureModel(rule: string, overrides: Parameters<typeof handBuiltModel>[0] = {}): AppModel {
  const bytes = new Uint8Array(readFileSync(join(repositoryRoot, 'fixtures', 'smali', 'rules', `${rule}.dex`)));
  const dexSources = parsedSources([dexFileSource('classes.dex', bytes).value]);
  return handBuiltModel({ dexSources, code: buildCodeIndex(dexSources).value, ...overrides });
}
