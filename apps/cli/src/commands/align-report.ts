/**
 * The computation of `olrd align`: BPTT's gradient once, then each rule's on the same batch,
 * parameters and dropout seed, compared with {@link gradientAlignment}. Tensors are disposed as
 * soon as each rule's statistics are read back, so memory holds two gradients at most.
 */
import type { ModelConfig, Params } from '@olrd/core';
import {
  computeGradientsAsync,
  type Batch,
  type Execution,
  type GradientOptions,
} from '@olrd/rules';
import {
  disposeTree,
  gradientAlignment,
  summarizeForLog,
  type AlignmentStats,
  type AlignmentSummary,
} from '@olrd/train';
import { alignRuleOptions, type AlignRule } from './align-rules.js';

/** One rule's comparison with BPTT. */
export interface RuleAlignment extends AlignmentSummary {
  label: string;
  rule: string;
  truncation?: number;
  loss: number;
  /** Seconds to compute this rule's gradient. */
  seconds: number;
  /** By parameter name. */
  params: Readonly<Record<string, AlignmentStats>>;
}

/** A rule that could not run on this model (default rule list only). */
export interface SkippedRule {
  label: string;
  reason: string;
}

/** What `olrd align` computes. */
export interface AlignmentReport {
  reference: { rule: 'bptt'; loss: number; norm: number; seconds: number };
  rules: RuleAlignment[];
  skipped: SkippedRule[];
}

/** Settings of {@link alignRules}. */
export interface AlignSettings {
  execution: Execution;
  dropoutSeed?: number;
  /** True when the user named the rules: then a failing rule is an error, not a skipped row. */
  explicit: boolean;
  /** Progress lines (stderr in the CLI). */
  onProgress?: (line: string) => void;
  clock?: () => number;
  /** rtrl's bound on its sensitivity matrices (bytes); default the rules package's. */
  maxSensitivityBytes?: number;
}

/**
 * Compares each rule's gradient with BPTT's. Nothing passed in is disposed.
 *
 * @throws the rule's own error (prefixed with its label) when an explicitly named rule fails.
 */
export async function alignRules(
  rules: readonly AlignRule[],
  params: Params,
  config: ModelConfig,
  batch: Batch,
  settings: AlignSettings,
): Promise<AlignmentReport> {
  const clock = settings.clock ?? (() => performance.now() / 1000);
  const base: GradientOptions = {
    ...(settings.dropoutSeed === undefined ? {} : { dropoutSeed: settings.dropoutSeed }),
    ...(settings.maxSensitivityBytes === undefined
      ? {}
      : { maxSensitivityBytes: settings.maxSensitivityBytes }),
  };
  const progress = settings.onProgress ?? (() => {});
  let start = clock();
  const bptt = await computeGradientsAsync('bptt', params, config, batch, {
    ...base,
    execution: 'sequence',
  });
  bptt.logProbs.dispose();
  const seconds = clock() - start;
  const report: AlignmentReport = {
    reference: { rule: 'bptt', loss: bptt.loss, norm: 0, seconds },
    rules: [],
    skipped: [],
  };
  try {
    report.reference.norm = (await gradientAlignment(bptt.grads, bptt.grads)).overall.norm;
    progress(`bptt (reference): loss ${bptt.loss.toFixed(4)}, ${seconds.toFixed(1)}s`);
    for (const [i, entry] of rules.entries()) {
      start = clock();
      let result;
      try {
        result = await computeGradientsAsync(
          entry.rule,
          params,
          config,
          batch,
          alignRuleOptions(entry, { ...base, execution: settings.execution }),
        );
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (settings.explicit) throw new Error(`${entry.label}: ${reason}`);
        report.skipped.push({ label: entry.label, reason });
        progress(`${entry.label} (${i + 1}/${rules.length}): skipped, ${reason}`);
        continue;
      }
      const ruleSeconds = clock() - start;
      result.logProbs.dispose();
      try {
        const alignment = await gradientAlignment(result.grads, bptt.grads);
        report.rules.push({
          label: entry.label,
          rule: entry.rule,
          ...(entry.truncation === undefined ? {} : { truncation: entry.truncation }),
          loss: result.loss,
          seconds: ruleSeconds,
          ...summarizeForLog(alignment),
          params: alignment.params,
        });
      } finally {
        disposeTree(result.grads);
      }
      const cosine = report.rules[report.rules.length - 1]!.overall.cosine;
      progress(
        `${entry.label} (${i + 1}/${rules.length}): cosine ${cosine.toFixed(4)}, ${ruleSeconds.toFixed(1)}s`,
      );
    }
  } finally {
    disposeTree(bptt.grads);
  }
  return report;
}
