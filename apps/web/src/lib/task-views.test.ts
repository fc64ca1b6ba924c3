import { describe, expect, it } from 'vitest';
import type { RunSettings } from '../protocol.js';
import { chartLabels, describeLevel, settingsForTask } from './task-views.js';

const settings = {
  task: 'copy',
  layerCls: 'LRU',
  rules: ['bptt', 'online_spatial'],
  execution: 'sequence',
} as unknown as RunSettings;

describe('task views', () => {
  it('keeps bptt and sequence execution off the drifting stream', () => {
    expect(settingsForTask(settings, 'drift')).toMatchObject({
      task: 'drift',
      rules: ['online_full', 'online_spatial'],
      execution: 'streaming',
    });
    const second = { ...settings, rules: ['online_1truncated', 'bptt'] } as RunSettings;
    expect(settingsForTask(second, 'drift').rules).toEqual(['online_1truncated']);
    expect(settingsForTask(settings, 'listops')).toMatchObject({
      task: 'listops',
      rules: ['bptt', 'online_spatial'],
      execution: 'sequence',
    });
  });

  it('names the charts per task', () => {
    expect(chartLabels('drift')).toEqual({
      loss: 'Prequential loss (last 500 stream steps)',
      accuracy: 'Prequential accuracy (last 500 stream steps)',
      x: 'stream step (tokens per stream)',
    });
    expect(chartLabels('copy-repeat')).toMatchObject({
      accuracy: 'Bit accuracy',
      x: 'step (batches)',
    });
    expect(describeLevel({ patternLength: 3, repeats: 2, seqLength: 12 })).toBe('N=3 R=2 (T=12)');
  });
});
