/**
 * Streaming execution's own memory: the per-step log-probabilities are stacked in chunks, so the
 * number of live tensors does not grow with T (each tensor costs kilobytes of bookkeeping), and
 * the stacked result is still every step's output in order.
 */
import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { forward, initParams } from '@olrd/core';
import { cellStreamingRule } from './cell-rules/cell-streaming.js';
import type { StreamingRule } from './cell-rules/streaming-rule.js';
import { streamingGradients } from './executions.js';
import { disposeBatch, randomBatch, relativeError, smallConfig } from './test-helpers.js';

/** `rule` with the largest live-tensor count seen after any step recorded in `seen.max`. */
function counting(rule: StreamingRule<unknown>, seen: { max: number }): StreamingRule<unknown> {
  return {
    ...rule,
    step(...args) {
      const result = rule.step(...args);
      seen.max = Math.max(seen.max, tf.memory().numTensors);
      return result;
    },
  };
}

describe('streamingGradients', () => {
  it('holds a number of tensors that does not grow with T, and returns every step in order', () => {
    const config = smallConfig({ layerCls: 'RNN', rnnActivation: 'tanh', mode: 'none' });
    const params = initParams(config, 4);
    const peakTensors = (time: number): number => {
      const batch = randomBatch(config, 2, time, 9);
      const seen = { max: 0 };
      const before = tf.memory().numTensors;
      const rule = counting(cellStreamingRule('online_spatial') as StreamingRule<unknown>, seen);
      const result = streamingGradients(rule, params, config, batch, []);
      // Past one chunk (256 steps) the stacked outputs are still the model's, step by step.
      const expected = forward(params, config, batch.x);
      expect(result.logProbs.shape).toEqual([2, time, 1, 3]);
      expect(relativeError(result.logProbs, expected)).toBeLessThan(1e-5);
      tf.dispose([result.loss, result.logProbs, expected, ...Object.values(result.grads)]);
      disposeBatch(batch);
      return seen.max - before;
    };
    const short = peakTensors(40);
    const long = peakTensors(1200);
    tf.dispose(Object.values(params));
    // One tensor per step would add 1,160 here; with chunks of 256 steps at most 255 steps are
    // unstacked at any time, plus one tensor per chunk.
    expect(long - short).toBeLessThan(256 + 5);
  });
});
