/**
 * Streaming BP(λ) on the LRU with per-unit eligibility traces (spec 2 §7, the default there)
 * against the dense traces every other cell needs, as the state size grows: milliseconds per
 * gradient and tfjs's peak live tensor bytes (`tf.profile().peakBytes`) over one gradient, in
 * the same run. Per example and step the dense traces hold S³ numbers and cost O(S⁴) work; the
 * per-unit ones hold 2·S² and cost O(S²).
 */
import { tf } from '@olrd/tensor';
import {
  defaultArchitecture,
  initParams,
  normalArray,
  uniformGenerator,
  type ModelConfig,
} from '@olrd/core';
import { computeGradientsAsync } from '@olrd/rules';

export const SG_TRACE_MODEL = { nLayers: 1, dModel: 16, time: 16, batch: 2 } as const;

export interface SgTraceResult {
  /** N: complex units, so the state has S = 2N real entries. */
  units: number;
  traces: 'per-unit' | 'dense';
  msPerGradient: number;
  peakBytes: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function measure(units: number, dense: boolean, reps: number): Promise<SgTraceResult> {
  const { nLayers, dModel, time, batch } = SG_TRACE_MODEL;
  const config: ModelConfig = {
    ...defaultArchitecture,
    layerCls: 'LRU',
    dInput: 4,
    dModel,
    dHidden: units,
    nLayers,
    nClasses: 2,
    multidim: 1,
    pDropout: 0,
    synthesiser: true,
  };
  const params = initParams(config, 1);
  const uniform = uniformGenerator(3);
  const x = tf.tensor3d(normalArray(uniform, batch * time * 4), [batch, time, 4]);
  const y = tf.zeros([batch, time], 'int32');
  const mask = tf.ones([batch, time]) as tf.Tensor2D;
  const once = async (): Promise<void> => {
    const { grads, logProbs } = await computeGradientsAsync(
      'bp_lambda',
      params,
      config,
      { x, y, mask },
      { execution: 'streaming', gamma: 0.9, lambda: 0.9, traces: dense ? 'dense' : 'auto' },
    );
    // Reading one value waits for the backend to finish the work.
    await (grads['layers.0.synth.kernel'] as tf.Tensor).data();
    tf.dispose([...Object.values(grads), logProbs]);
  };
  await once(); // warm-up: first kernels pay one-off setup costs
  const times: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  const profile = await tf.profile(once);
  tf.dispose([...Object.values(params), x, y, mask]);
  return {
    units,
    traces: dense ? 'dense' : 'per-unit',
    msPerGradient: median(times),
    peakBytes: profile.peakBytes,
  };
}

/** Both trace forms at each N (dense skipped past `denseUpTo`, where it stops being affordable). */
export async function measureSgTraces(
  unitCounts: number[],
  denseUpTo: number,
  reps: number,
  log: (line: string) => void,
): Promise<SgTraceResult[]> {
  const results: SgTraceResult[] = [];
  // A throwaway run first: the backend's first kernels pay one-off setup costs.
  await measure(unitCounts[0] ?? 4, false, 1);
  for (const units of unitCounts) {
    for (const dense of [false, true]) {
      if (dense && units > denseUpTo) continue;
      const result = await measure(units, dense, reps);
      log(
        `  N=${units} ${result.traces}: ${result.msPerGradient.toFixed(1)} ms/gradient, peak ${(result.peakBytes / 2 ** 20).toFixed(2)} MiB`,
      );
      results.push(result);
    }
  }
  return results;
}
