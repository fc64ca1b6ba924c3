/**
 * Streaming evaluation of the LRU on the fused engine (`@olrd/rules`): the engine's forward step
 * (typed-array loops, no tfjs op per step; it learns nothing without a target) advances the batch
 * one time step at a time, so only the recurrent state and the `pool_st` running mean live between
 * steps, about 40× faster per step than the tfjs step of evaluate-streaming.ts. The per-step
 * targets and loss weights come from `targetsPerStep` and `stepWeights`, and loss and accuracy
 * are accumulated exactly as `maskedLoss` and `countCorrectTensors` compute them.
 */
import { tf } from '@olrd/tensor';
import { stepWeights, targetsPerStep, type ModelConfig, type Params } from '@olrd/core';
import {
  concatenateTokenPairs,
  type ArrayBatch,
  type DenseArrayBatch,
  type TokenArrayBatch,
} from '@olrd/data';
import { createFusedEngine, fusedSupportProblem, type StreamingEngine } from '@olrd/rules';
import type { BatchTotals } from './evaluate-streaming.js';

/** Evaluates batches of one split; holds engines until {@link FusedEvaluator.dispose}. */
export interface FusedEvaluator {
  /** The totals of one batch (dense or token inputs; the batch is not modified). */
  totals(batch: ArrayBatch): Promise<BatchTotals>;
  dispose(): void;
}

/**
 * Whether `config` runs on the fused engine (its support table in @olrd/rules: the LRU with a
 * classification head on one tower). Everything else streams through the tfjs step.
 */
export function fusedEvaluationFits(config: ModelConfig): boolean {
  return fusedSupportProblem('online_1truncated', config) === undefined;
}

/** Writes step t of every sequence of `batch` into `x` [B, d] (one-hot vectors for tokens). */
function writeInputs(batch: DenseArrayBatch | TokenArrayBatch, t: number, x: Float32Array): void {
  const [size, time, depth] = batch.xShape;
  if (batch.encoding === 'dense') {
    for (let b = 0; b < size; b++)
      x.set(batch.x.subarray((b * time + t) * depth, (b * time + t + 1) * depth), b * depth);
    return;
  }
  x.fill(0);
  for (let b = 0; b < size; b++) x[b * depth + batch.x[b * time + t]!] = 1;
}

/** The batch's per-step labels [B, T, multidim] and loss weights [B, T] as arrays. */
async function stepTargets(
  batch: ArrayBatch,
  config: ModelConfig,
): Promise<{ labels: Int32Array; weights: Float32Array }> {
  const [size, time] = batch.xShape;
  const [labels, weights] = tf.tidy(() => [
    targetsPerStep(tf.tensor(batch.y, [...batch.yShape], 'int32'), size, time, config),
    stepWeights(tf.tensor2d(batch.mask, [...batch.maskShape])),
  ]);
  try {
    const [y, w] = await Promise.all([labels!.data(), weights!.data()]);
    return { labels: y as Int32Array, weights: w as Float32Array };
  } finally {
    tf.dispose([labels!, weights!]);
  }
}

/**
 * A fused-engine evaluator for `params` (read once; later changes to the tensors are not seen).
 *
 * @throws RangeError when `config` does not fit the engine ({@link fusedEvaluationFits}).
 */
export async function createFusedEvaluator(
  params: Params,
  config: ModelConfig,
): Promise<FusedEvaluator> {
  const problem = fusedSupportProblem('online_1truncated', config);
  if (problem !== undefined)
    throw new RangeError(
      `fused evaluation: ${problem}: use the tfjs streaming step (streamBatchTotals)`,
    );
  const values: Record<string, Float32Array> = {};
  for (const [name, tensor] of Object.entries(params))
    values[name] = Float32Array.from(await tensor.data());
  // One engine per batch size (a split's last batch may be short); forward only, so the rule
  // only decides what the engine allocates: online_1truncated keeps no traces.
  const engines = new Map<number, StreamingEngine>();
  const engineFor = (size: number): StreamingEngine => {
    let engine = engines.get(size);
    if (engine === undefined) {
      engine = createFusedEngine('online_1truncated', values, config, size);
      engines.set(size, engine);
    }
    engine.resetState();
    return engine;
  };
  const { multidim, nClasses: classes } = config;
  return {
    async totals(raw) {
      const batch = raw.encoding === 'token-pairs' ? concatenateTokenPairs(raw) : raw;
      const [size, time, depth] = batch.xShape;
      const { labels, weights } = await stepTargets(batch, config);
      const engine = engineFor(size);
      const x = new Float32Array(size * depth);
      const lastOnly = config.mode === 'last';
      // One head: each sequence's hit at its latest masked step (countCorrectTensors).
      const lastHit = new Float64Array(size);
      const seen = new Uint8Array(size);
      let loss = 0;
      let correct = 0;
      let total = 0;
      for (let t = 0; t < time; t++) {
        writeInputs(batch, t, x);
        const { logProbs } = engine.step(x, null);
        if (lastOnly && t < time - 1) continue;
        for (let b = 0; b < size; b++) {
          // `last` mode scores the final step only, every sequence with weight 1/B.
          const mask = lastOnly ? 1 : batch.mask[b * time + t]!;
          const weight = lastOnly ? 1 / size : weights[b * time + t]!;
          let crossEntropy = 0;
          let hits = 0;
          for (let j = 0; j < multidim; j++) {
            const label = labels[(b * time + t) * multidim + j]!;
            const row = (b * multidim + j) * classes;
            crossEntropy -= logProbs[row + label]!;
            let best = 0;
            for (let c = 1; c < classes; c++)
              if (logProbs[row + c]! > logProbs[row + best]!) best = c;
            if (best === label) hits++;
          }
          loss += (weight * crossEntropy) / multidim;
          if (multidim > 1) {
            correct += hits * mask;
            total += mask * multidim;
          } else if (mask > 0) {
            lastHit[b] = hits;
            seen[b] = 1;
          }
        }
      }
      if (multidim === 1)
        for (let b = 0; b < size; b++) {
          correct += seen[b]! * lastHit[b]!;
          total += seen[b]!;
        }
      return { loss, correct, total };
    },
    dispose() {
      for (const engine of engines.values()) engine.dispose();
      engines.clear();
    },
  };
}
