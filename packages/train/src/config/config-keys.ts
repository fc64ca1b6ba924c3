/**
 * Key spelling: config files may use camelCase (canonical), snake_case (the reference's spelling)
 * or kebab-case (the CLI's), plus a few aliases (`jaxSeed` → `seed`, `rule` → `trainingMode`,
 * `task` → `dataset`). Unknown keys get a "did you mean" suggestion.
 */
import { CONFIG_FIELDS, CONFIG_KEYS } from './config-fields.js';
import type { TrainConfig } from './train-config.js';

/** `copy_pattern_length` / `copy-pattern-length` → `copyPatternLength`. */
export function toCamelCase(name: string): string {
  return name.replace(/[-_]+([a-zA-Z0-9])/g, (_, next: string) => next.toUpperCase());
}

/** `copyPatternLength` → `copy-pattern-length` (the CLI flag spelling). */
export function toKebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (upper) => `-${upper.toLowerCase()}`);
}

const aliasToKey = new Map<string, keyof TrainConfig>();
for (const key of CONFIG_KEYS) {
  for (const alias of CONFIG_FIELDS[key].aliases ?? []) aliasToKey.set(alias, key);
}

/** The canonical key for any accepted spelling or alias, or `undefined` when unknown. */
export function canonicalKey(name: string): keyof TrainConfig | undefined {
  const camel = toCamelCase(name);
  if (Object.hasOwn(CONFIG_FIELDS, camel)) return camel as keyof TrainConfig;
  return aliasToKey.get(camel);
}

/** Levenshtein distance, for "did you mean" suggestions on misspelt keys and flags. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/**
 * Names other spellings use for a key (`olrd stream`'s old flags, which only it still accepts,
 * and common ML names) that are not accepted as aliases: too far from the key for an
 * edit-distance match, so they get an explicit "did you mean" instead. Not aliases, because
 * `--steps` (stream's stream length) and `--max-steps` (a cap on a run) differ in meaning, and
 * `--lr` could as well mean `--lr-min`.
 */
const OTHER_SPELLINGS: ReadonlyMap<string, keyof TrainConfig> = new Map<string, keyof TrainConfig>([
  ['lr', 'lrBase'],
  ['learningRate', 'lrBase'],
  ['batchSize', 'bsz'],
  ['steps', 'maxSteps'],
]);

/**
 * The key that another spelling of it means (`lr` or `--lr` → `lrBase`, `batch-size` → `bsz`,
 * as `olrd stream` spells them), or `undefined` when `name` is not such a spelling.
 */
export function spellingHint(name: string): keyof TrainConfig | undefined {
  return OTHER_SPELLINGS.get(toCamelCase(name.replace(/^-+/, '')));
}

/** The closest canonical key to a misspelt `name` (camelCase), if one is close enough. */
export function suggestKey(name: string): keyof TrainConfig | undefined {
  const hinted = spellingHint(name);
  if (hinted !== undefined) return hinted;
  const camel = toCamelCase(name).toLowerCase();
  let best: { key: keyof TrainConfig; distance: number } | undefined;
  for (const key of CONFIG_KEYS) {
    for (const candidate of [key, ...(CONFIG_FIELDS[key].aliases ?? [])]) {
      const distance = editDistance(camel, candidate.toLowerCase());
      if (!best || distance < best.distance) best = { key, distance };
    }
  }
  return best && best.distance <= Math.max(2, Math.floor(camel.length / 4)) ? best.key : undefined;
}
