/**
 * The `--rules` list of `olrd align`: rule names from `@olrd/rules` (never a list of our own, so
 * new rules work as soon as that package has them), comma-separated, plus `tbptt:K` (and `dni:K`)
 * as sugar for the rule with `truncation` K (without `:K`, the rules package's default).
 */
import {
  RULE_NAMES,
  isSyntheticGradientRule,
  parseRuleName,
  type GradientOptions,
  type RuleName,
} from '@olrd/rules';
import { UsageError } from '../cli-errors.js';

/** One entry of the list. */
export interface AlignRule {
  /** As the user wrote it (e.g. `tbptt:8`); labels the table rows and JSON entries. */
  label: string;
  rule: RuleName;
  /** BPTT truncation length (steps) for `tbptt:K` and `dni:K`. */
  truncation?: number;
}

/** The rules that take a `:K` truncation. */
const TRUNCATED_RULES: readonly string[] = ['tbptt', 'dni'];

/**
 * Every rule except the reference, in `RULE_NAMES` order: the default list. The BP(λ) rules need
 * the checkpoint's synthesisers, so they are listed only when it has them.
 */
export function defaultAlignRules(hasSynthesiser = false): AlignRule[] {
  return RULE_NAMES.filter(
    (rule) => rule !== 'bptt' && (hasSynthesiser || !isSyntheticGradientRule(rule)),
  ).map((rule) => ({ label: rule, rule }));
}

/**
 * Parses `online_full,online_spatial,tbptt:8`.
 *
 * @throws UsageError naming the bad entry and what is accepted.
 */
export function parseAlignRules(text: string): AlignRule[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0)
    throw new UsageError(`--rules needs at least one rule: ${RULE_NAMES.join(', ')}`);
  const seen = new Set<string>();
  return entries.map((label) => {
    if (seen.has(label)) throw new UsageError(`--rules lists '${label}' twice`);
    seen.add(label);
    const [name, truncationText, ...extra] = label.split(':') as [string, ...string[]];
    let rule: RuleName;
    try {
      rule = parseRuleName(name);
    } catch (error) {
      throw new UsageError(`--rules entry '${label}': ${(error as Error).message}`);
    }
    if (truncationText === undefined) return { label, rule };
    if (!TRUNCATED_RULES.includes(name) || extra.length > 0) {
      throw new UsageError(
        `--rules entry '${label}': only ${TRUNCATED_RULES.join(' and ')} take a truncation (tbptt:K, K steps)`,
      );
    }
    const truncation = /^\d+$/.test(truncationText) ? Number(truncationText) : NaN;
    if (!Number.isSafeInteger(truncation) || truncation < 1) {
      throw new UsageError(
        `--rules entry '${label}': the truncation must be an integer >= 1, got '${truncationText}'`,
      );
    }
    return { label, rule, truncation };
  });
}

/** The gradient options of one entry: `base` plus the entry's `truncation`, if any. */
export function alignRuleOptions(entry: AlignRule, base: GradientOptions): GradientOptions {
  return entry.truncation === undefined ? base : { ...base, truncation: entry.truncation };
}
