import { describe, expect, it } from 'vitest';
import {
  bpttFloats,
  breakEvenLength,
  formatFloats,
  memoryRows,
  ruleStateFloats,
  streamingStateFloats,
  type MemoryShape,
} from './memory-estimate.js';

const shape: MemoryShape = {
  batch: 2,
  seqLength: 28,
  nLayers: 1,
  dModel: 4,
  dHidden: 3,
  outputs: 14,
  activation: 'full_glu',
};

describe('memory estimate', () => {
  it('counts the streaming state from shapes, independent of T', () => {
    // B·H + L·2B·(3N + N·H) = 8 + 2·2·(9 + 12) = 92
    expect(streamingStateFloats(shape)).toBe(92);
    expect(streamingStateFloats({ ...shape, seqLength: 10_000 })).toBe(92);
  });

  it('grows BPTT linearly in T', () => {
    // B·(H + 2·C·m + L·(4N + 8H)) = 2·(4 + 28 + 12 + 32) = 152 per step
    expect(bpttFloats(shape)).toBe(28 * 152);
    expect(bpttFloats({ ...shape, seqLength: 56 })).toBe(2 * bpttFloats(shape));
    expect(breakEvenLength(shape)).toBe(1);
  });

  it('charges sequence execution and bptt the tape', () => {
    expect(ruleStateFloats('online_full', 'streaming', shape)).toBe(92);
    expect(ruleStateFloats('online_full', 'sequence', shape)).toBe(bpttFloats(shape));
    expect(ruleStateFloats('bptt', 'streaming', shape)).toBe(bpttFloats(shape));
  });

  it('draws each learner at its own T and adds BPTT when no learner is BPTT', () => {
    const report = (rule: 'bptt' | 'online_full', execution: 'sequence' | 'streaming') => ({
      rule,
      execution,
      streamingFloats: streamingStateFloats(shape),
      bpttFloatsPerStep: bpttFloats(shape) / shape.seqLength,
    });
    expect(
      memoryRows([report('online_full', 'streaming'), report('online_full', 'sequence')], [28, 56]),
    ).toEqual([
      { label: 'online_full (streaming)', floats: 92, learner: 0 },
      { label: 'online_full (sequence)', floats: 56 * 152, learner: 1 },
      { label: 'bptt', floats: 28 * 152 },
    ]);
    expect(memoryRows([report('bptt', 'sequence')], [10])).toEqual([
      { label: 'bptt (sequence)', floats: 10 * 152, learner: 0 },
    ]);
  });

  it('formats bytes', () => {
    expect(formatFloats(100)).toBe('400 B');
    expect(formatFloats(1024 * 256)).toBe('1.0 MiB');
  });
});
