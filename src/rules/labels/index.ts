/**
 * Rule `labels`: enumerations the app carries (string-arrays in every locale,
 * its string resources, clusters of constant strings in one method, strings
 * of JSON/CSV/text assets) classified into the data-category vocabulary with
 * the multilingual lexicon, each string shown with its English gloss.
 * See README.md beside this file.
 */
import { DATA_CATEGORIES } from '../../findings/vocabulary.js';
import type { Finding } from '../../findings/types.js';
import type { AppModel } from '../../model/app-model.js';
import type { Rule } from '../types.js';
import { assetLists } from './asset-sources.js';
import { codeClusters } from './code-sources.js';
import { classifyEnumeration, CODES, RULE_ID } from './findings.js';
import { stringArrays, stringResources } from './resource-sources.js';

export const rule: Rule = {
  meta: {
    id: RULE_ID,
    description:
      'Enumerations of people and behaviours (string-arrays, string resources, constant-string clusters, asset lists) classified with the multilingual lexicon, with English glosses.',
    categories: DATA_CATEGORIES,
    references: [
      'Human Rights Watch, "China\'s Algorithms of Repression: Reverse Engineering a Xinjiang Police Mass Surveillance App" (2019)',
      "CC-CEDICT (https://cc-cedict.org), CC BY-SA 4.0, for the Chinese terms' English glosses",
      'src/text/lexicon-zh.ts and src/text/lexicon-other.ts (sources per language)',
    ],
    codes: CODES,
  },
  run(app: AppModel, context): Finding[] {
    const enumerations = [
      ...stringArrays(app),
      ...stringResources(app),
      ...codeClusters(app, context.facts(app)),
      ...assetLists(app),
    ];
    return enumerations.flatMap((enumeration) => classifyEnumeration(enumeration, context.text));
  },
};
