/**
 * The worker's errors come from @olrd/core, data and train, which name config fields by their
 * internal names ("model config: dModel must be a positive integer, got 0"). The page tells
 * them in the form's words instead ("d_model (H) must be …"), with the labels of
 * settings-fields.ts.
 */
import type { RunSettings } from '../protocol.js';
import { SETTINGS_KEYS, fieldLabel } from './settings-fields.js';

/**
 * The names the packages use for a form field where they differ from `RunSettings`'s (the
 * config keys trainConfigFor and the data sets are given).
 */
const PACKAGE_NAMES: Readonly<Record<string, keyof RunSettings>> = {
  batchSize: 'bsz',
  copyPatternLength: 'patternLength',
  trainingMode: 'rules',
  maxSensitivityBytes: 'maxSensitivityMib',
};

// Only identifiers no sentence uses as a word: camelCase ones and `bsz` (never "task", "seed").
const isIdentifier = (name: string) => /[A-Z]/.test(name) || name === 'bsz';

const NAMES: ReadonlyMap<string, keyof RunSettings> = new Map([
  ...SETTINGS_KEYS.filter(isIdentifier).map((key) => [key, key] as const),
  ...Object.entries(PACKAGE_NAMES),
]);

const PATTERN = new RegExp(
  `(?:\\b(?:key|option|field) )?'?\\b(${[...NAMES.keys()].join('|')})\\b'?`,
  'g',
);

/** `message` with every internal field name replaced by the form's label of that field. */
export function labelMessage(message: string): string {
  return message.replace(PATTERN, (_match, name: string) => fieldLabel(NAMES.get(name)!));
}
