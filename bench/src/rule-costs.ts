/**
 * What each rule costs on each cell: milliseconds per gradient (no optimiser step) on one small
 * model, in both executions, measured on the active backend. `rtrl` keeps an S×P sensitivity per
 * sequence and forms its Jacobians with S backward passes per step, so it runs on a smaller model
 * (recorded with the result).
 */
import { tf } from '@olrd/tensor';
import {
  defaultArchitecture,
  initParams,
  normalArray,
  uniformGenerator,
  type LayerClass,
  type ModelConfig,
} from '@olrd/core';
import { checkSupport, computeGradientsAsync, type Execution, type RuleName } from '@olrd/rules';

export const RULE_COST_MODEL = { nLayers: 2, dModel: 16, dHidden: 16, time: 32, batch: 4 } as const;
export const RTRL_COST_MODEL = { nLayers: 2, dModel: 8, dHidden: 8, time: 16, batch: 2 } as const;

export interface RuleCostResult {
  cell: LayerClass;
  rule: RuleName;
  execution: Execution;
  /** Median milliseconds per gradient. */
  msPerGradient: number;
  model: { nLayers: number; dModel: number; dHidden: number; time: number; batch: number };
}

const CASES: [RuleName, Execution][] = [
  ['bptt', 'sequence'],
  ['tbptt', 'sequence'],
  ['tbptt', 'streaming'],
  ['online_full', 'sequence'],
  ['online_full', 'streaming'],
  ['snap1', 'sequence'],
  ['snap1', 'streaming'],
  ['online_1truncated', 'sequence'],
  ['online_1truncated', 'streaming'],
  ['rtrl', 'streaming'],
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function timeRule(
  cell: LayerClass,
  rule: RuleName,
  execution: Execution,
  reps: number,
): Promise<RuleCostResult> {
  const model = rule === 'rtrl' ? RTRL_COST_MODEL : RULE_COST_MODEL;
  const config: ModelConfig = {
    ...defaultArchitecture,
    layerCls: cell,
    dInput: 4,
    dModel: model.dModel,
    dHidden: model.dHidden,
    nLayers: model.nLayers,
    nClasses: 2,
    multidim: 1,
    pDropout: 0,
  };
  const params = initParams(config, 1);
  const uniform = uniformGenerator(2);
  const x = tf.tensor3d(normalArray(uniform, model.batch * model.time * 4), [
    model.batch,
    model.time,
    4,
  ]);
  const y = tf.zeros([model.batch, model.time], 'int32');
  const mask = tf.ones([model.batch, model.time]) as tf.Tensor2D;
  const times: number[] = [];
  for (let rep = 0; rep <= reps; rep++) {
    const start = performance.now();
    const { grads, logProbs } = await computeGradientsAsync(
      rule,
      params,
      config,
      { x, y, mask },
      {
        execution,
        truncation: 8,
      },
    );
    // Reading one value waits for the backend to finish the work.
    await (grads['encoder.kernel'] as tf.Tensor).data();
    if (rep > 0) times.push(performance.now() - start);
    tf.dispose([...Object.values(grads), logProbs]);
  }
  tf.dispose([...Object.values(params), x, y, mask]);
  return { cell, rule, execution, msPerGradient: median(times), model: { ...model } };
}

/** Every cell × case that the rules' support table allows (e.g. online_full only on the LRU). */
export async function measureRuleCosts(
  reps: number,
  log: (line: string) => void,
): Promise<RuleCostResult[]> {
  const results: RuleCostResult[] = [];
  // A throwaway run first: the backend's first kernels pay one-off setup costs.
  await timeRule('LRU', 'bptt', 'sequence', 1);
  for (const cell of ['LRU', 'RNN', 'GRU', 'LSTM'] as const) {
    for (const [rule, execution] of CASES) {
      if (checkSupport(rule, { layerCls: cell }, execution) !== undefined) continue;
      const result = await timeRule(cell, rule, execution, rule === 'rtrl' ? 1 : reps);
      log(`  ${cell} ${rule} (${execution}): ${result.msPerGradient.toFixed(1)} ms/gradient`);
      results.push(result);
    }
  }
  return results;
}
