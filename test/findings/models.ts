/**
 * Models for rule tests: the committed fixtures (built once per test process) and
 * hand-built models for cases no fixture has.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAppModel } from '../../src/model/app-model-build.js';
import type { AppModel } from '../../src/model/app-model.js';
import type { Manifest } from '../../src/model/manifest/types.js';
import { repositoryRoot, corpusRoot } from '../support/corpus.js';

const cache = new Map<string, AppModel>();

function load(path: string): AppModel {
  let model = cache.get(path);
  if (!model) {
    model = buildAppModel(new Uint8Array(readFileSync(path)), path).model;
    cache.set(path, model);
  }
  return model;
}

/** fixtures/demo/field-survey.apk: the planted behaviours of fixtures/demo/README.md. */
export function demoModel(): AppModel {
  return load(join(repositoryRoot, 'fixtures', 'demo', 'field-survey.apk'));
}

/** fixtures/hostile/hostile-strings.apk: hostile text, no data collection. */
export function hostileModel(): AppModel {
  return load(join(repositoryRoot, 'fixtures', 'hostile', 'hostile-strings.apk'));
}

export function fixtureModel(relative: string): AppModel {
  return load(join(repositoryRoot, relative));
}

export function corpusModel(name: string): AppModel {
  return load(join(corpusRoot, name));
}

const EMPTY_MANIFEST: Manifest = {
  packageName: 'org.example.handbuilt',
  label: { byLocale: {} },
  flags: {},
  usesPermissions: [],
  declaredPermissions: [],
  usesFeatures: [],
  usesLibraries: [],
  queries: { packages: [], intents: 0, providers: [] },
  components: [],
  metaData: [],
  launchableActivities: [],
};

/** A model with no code and no files: override what a test needs. */
export function handBuiltModel(
  overrides: Omit<Partial<AppModel>, 'manifest'> & { manifest?: Partial<Manifest> } = {},
): AppModel {
  const { manifest, ...rest } = overrides;
  return {
    apk: { path: 'hand-built.apk', sha256: '0'.repeat(64), size: 0 },
    manifest: { ...EMPTY_MANIFEST, ...manifest },
    dexSources: [],
    xmlResources: [],
    assets: [],
    signing: { schemes: [], certificates: [], findings: [] },
    diagnostics: [],
    ...rest,
  };
}
