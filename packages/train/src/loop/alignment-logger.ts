/**
 * `logNBatches` (spec 1 §4.6): on the first N batches of each epoch, the training loop hands the
 * rule's gradient here before the optimiser consumes it; this computes BPTT's gradient on the same
 * batch, parameters and dropout seed and measures how closely the two agree. The reference
 * gradient is always BPTT in sequence execution, whatever execution the rule runs in.
 */
import type { ModelConfig, Params } from '@olrd/core';
import {
  computeGradientsAsync,
  learningSignalAlignment,
  type Batch,
  type RuleName,
  type SyntheticGradientOptions,
} from '@olrd/rules';
import {
  meanAlignment,
  summarizeForLog,
  type AlignmentMean,
  type AlignmentSummary,
} from '../analysis/alignment-summary.js';
import { gradientAlignment } from '../analysis/gradient-alignment.js';
import { disposeTree } from '../optim/tree.js';
import type { AlignmentMetricsEvent } from './metrics-events.js';

/** The reference rule of the alignment. */
const REFERENCE_RULE = 'bptt' satisfies RuleName;

/** Where a measured batch sits in the run. */
export interface AlignmentPosition {
  epoch: number;
  /** The 1-based step count of the step this batch feeds. */
  step: number;
  /** 0-based batch index within the epoch. */
  batch: number;
}

/** Measures and accumulates the alignment events of one run. */
export class AlignmentLogger {
  private epochSummaries: AlignmentSummary[] = [];

  /**
   * @param logNBatches - batches measured per epoch (0 = off)
   * @param rule - the rule being trained
   * @param sgOptions - BP(λ)'s γ, λ, s: for `bp_lambda` each event also carries the
   *   learning-signal alignment (cosine of ℓ_t + s·ĝ_t with BPTT's ∂L/∂s_t per step, spec 2 §9)
   */
  constructor(
    private readonly logNBatches: number,
    private readonly rule: RuleName,
    private readonly modelConfig: ModelConfig,
    private readonly sgOptions: SyntheticGradientOptions = {},
  ) {}

  /**
   * A notice for the user when logging was asked for but cannot mean anything: BPTT compared with
   * itself. Undefined otherwise.
   */
  notice(): string | undefined {
    if (this.logNBatches > 0 && this.rule === REFERENCE_RULE) {
      return `logNBatches ${this.logNBatches} has no effect: the rule is bptt, which is the reference gradient itself; no alignment is logged`;
    }
    return undefined;
  }

  /** Whether the batch with 0-based index `batchInEpoch` is measured. */
  wants(batchInEpoch: number): boolean {
    return this.rule !== REFERENCE_RULE && batchInEpoch < this.logNBatches;
  }

  /**
   * Computes BPTT's gradient on `batch` at `params` and compares `ruleGrads` with it. Nothing
   * passed in is disposed; everything allocated here is.
   *
   * @param dropoutSeed - the seed the rule's gradient used (undefined = dropout off)
   */
  async measure(
    ruleGrads: Params,
    params: Params,
    batch: Batch,
    dropoutSeed: number | undefined,
    position: AlignmentPosition,
  ): Promise<AlignmentMetricsEvent> {
    const reference = await computeGradientsAsync(REFERENCE_RULE, params, this.modelConfig, batch, {
      execution: 'sequence',
      ...(dropoutSeed === undefined ? {} : { dropoutSeed }),
    });
    try {
      const summary = summarizeForLog(await gradientAlignment(ruleGrads, reference.grads));
      this.epochSummaries.push(summary);
      const signal =
        this.rule === 'bp_lambda'
          ? await learningSignalAlignment(params, this.modelConfig, batch, this.sgOptions)
          : undefined;
      return {
        type: 'alignment',
        ...position,
        rule: this.rule,
        reference: REFERENCE_RULE,
        ...summary,
        ...(signal === undefined ? {} : { signal }),
      };
    } finally {
      disposeTree(reference.grads);
      reference.logProbs.dispose();
    }
  }

  /** The events measured in the current epoch so far (plain data, for a resumable checkpoint). */
  snapshot(): readonly AlignmentSummary[] {
    return [...this.epochSummaries];
  }

  /** Continues an epoch whose events {@link AlignmentLogger.snapshot} gave. */
  restore(summaries: readonly AlignmentSummary[]): void {
    this.epochSummaries = [...summaries];
  }

  /** The mean of the events measured since the last call (undefined when none), then resets. */
  takeEpochMean(): AlignmentMean | undefined {
    const mean = meanAlignment(this.epochSummaries);
    this.epochSummaries = [];
    return mean;
  }
}
