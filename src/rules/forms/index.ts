/**
 * Rule `forms`: every input field of every layout, with its label, hint,
 * input type, choices and screen in every locale, and what it asks for
 * (lexicon categories). See README.md beside this file.
 */
import { DATA_CATEGORIES } from '../../findings/vocabulary.js';
import type { Finding } from '../../findings/types.js';
import type { AppModel } from '../../model/app-model.js';
import { combinedResources } from '../../model/forms/index.js';
import type { Rule, RuleContext } from '../types.js';
import { apksOfSameApp } from '../shared/app-context.js';
import { CODES, formFindings, RULE_ID } from './findings.js';

export const rule: Rule = {
  meta: {
    id: RULE_ID,
    description:
      'Input fields of every layout (label, hint, input type, choices, screen, every locale) and the data categories they ask for.',
    categories: DATA_CATEGORIES,
    references: [
      'https://developer.android.com/reference/android/text/InputType',
      'https://developer.android.com/reference/android/widget/Spinner (android:entries)',
      'https://github.com/rengwuxian/MaterialEditText (met_floatingLabelText)',
      'https://material.io/components/text-fields/android (TextInputLayout hint)',
      'Human Rights Watch, "China\'s Algorithms of Repression" (2019): the IJOP app\'s forms',
    ],
    codes: CODES,
  },
  run(app: AppModel, context: RuleContext): Finding[] {
    if (app.xmlResources.length === 0) return [];
    // Base and splits resolve together: a base layout's zh label may live only in config.zh.apk.
    const { resources, apkOfTable } = combinedResources(apksOfSameApp(app, context));
    return context.forms(app, resources).flatMap((form) => formFindings(app, form, context.text, apkOfTable));
  },
};
