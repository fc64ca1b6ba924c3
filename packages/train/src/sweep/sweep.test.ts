import { describe, expect, it } from 'vitest';
import { expandSweep, sweepJobConfig } from './expand-sweep.js';
import { parseConfigText } from '../config/parse-config-text.js';
import { resolveTrainConfig } from '../config/validate-config.js';
import { parseSweepText } from './sweep-spec.js';

const figure2EF = `
program: run_train.py
method: grid
metric: { name: Val loss, goal: minimize }
parameters:
  training_mode: { values: [bptt, online_full] }
  lr_base: { values: [0.001, 0.002] }
  jax_seed: { values: [1, 2, 3] }
  n_layers: { value: 4 }
`;

describe('sweep files', () => {
  it('read the reference format: grid product in file order, last parameter fastest', () => {
    const spec = parseSweepText(figure2EF, 'figure2_EF.yaml', 'figure2_EF');
    expect(spec).toMatchObject({
      name: 'figure2_EF',
      method: 'grid',
      metric: { name: 'val loss', goal: 'minimize' },
    });
    const jobs = expandSweep(spec);
    expect(jobs).toHaveLength(12);
    expect(jobs[0]).toEqual({
      index: 0,
      id: '001_training-mode=bptt_lr-base=0.001_seed=1',
      values: { trainingMode: 'bptt', lrBase: 0.001, seed: 1, nLayers: 4 },
    });
    expect(jobs[1]!.values.seed).toBe(2);
    expect(jobs[3]!.values).toMatchObject({ lrBase: 0.002, seed: 1 });
    expect(new Set(jobs.map((j) => j.id)).size).toBe(12);
  });

  it('draw random sweeps from a seed: same seed, same jobs; values within their ranges', () => {
    const text = `
method: random
run_cap: 50
seed: 7
parameters:
  lr_base: { distribution: log_uniform_values, min: 0.0001, max: 0.01 }
  d_model: { distribution: int_uniform, min: 4, max: 8 }
  p_dropout: { distribution: q_uniform, min: 0, max: 0.5, q: 0.1 }
  rule: { values: [bptt, online_full] }
`;
    const jobs = expandSweep(parseSweepText(text, 's.yaml', 's'));
    expect(jobs).toHaveLength(50);
    expect(expandSweep(parseSweepText(text, 's.yaml', 's'))).toEqual(jobs);
    expect(
      expandSweep(parseSweepText(text.replace('seed: 7', 'seed: 8'), 's.yaml', 's')),
    ).not.toEqual(jobs);
    for (const { values } of jobs) {
      expect(values.lrBase).toBeGreaterThanOrEqual(1e-4);
      expect(values.lrBase).toBeLessThanOrEqual(1e-2);
      expect(Number.isInteger(values.dModel) && values.dModel! >= 4 && values.dModel! <= 8).toBe(
        true,
      );
      expect(Math.abs(values.pDropout! * 10 - Math.round(values.pDropout! * 10))).toBeLessThan(
        1e-9,
      );
    }
    expect(new Set(jobs.map((j) => j.values.dModel)).size).toBe(5);
    expect(new Set(jobs.map((j) => j.values.trainingMode)).size).toBe(2);
  });

  it('refuse bad sweep files, naming the file, the key and the fix', () => {
    const bad = (text: string) => () => expandSweep(parseSweepText(text, 'x.yaml', 'x'));
    expect(bad('method: bayes\nparameters: { bsz: { value: 2 } }')).toThrow(
      "x.yaml: method must be grid or random, got 'bayes'",
    );
    expect(bad('parameters: { lr_bse: { value: 2 } }')).toThrow(
      "x.yaml: parameter 'lr_bse' is not a config key",
    );
    expect(bad('parameters: { bsz: { values: [] } }')).toThrow("parameter 'bsz': values is empty");
    expect(bad('parameters: { bsz: { distribution: uniform, min: 1, max: 2 } }')).toThrow(
      'distributions need method: random',
    );
    expect(bad('method: random\nparameters: { bsz: { value: 2 } }')).toThrow('needs run_cap');
    expect(bad('parameters: { bsz: { values: [2, -1] } }')).toThrow(
      /job 2, parameter 'bsz' must be/,
    );
    expect(bad('metric: { name: accuracy }\nparameters: { bsz: { value: 2 } }')).toThrow(
      "metric name 'accuracy' is not one olrd reports",
    );
    expect(bad('parameters: { bsz: { value: 2 } }\nearly_terminate: {}')).toThrow(
      "unknown key 'early_terminate'",
    );
  });

  it('give a rule option only to the jobs whose rule reads it, so olrd train accepts each job', () => {
    const spec = parseSweepText(
      `method: grid
parameters:
  training_mode: { values: [bptt, bp_lambda] }
  lambda: { value: 0.5 }
  truncation: { value: 3 }
`,
      'rules.yaml',
      'rules',
    );
    const jobs = expandSweep(spec, { gamma: 0.9 });
    expect(jobs.map((job) => sweepJobConfig({ gamma: 0.9 }, job.values))).toEqual([
      { trainingMode: 'bptt' },
      { trainingMode: 'bp_lambda', gamma: 0.9, lambda: 0.5 },
    ]);
    // Read back as olrd train reads jobs/<id>.json: a file layer, whose foreign options it refuses.
    const read = (config: object) =>
      resolveTrainConfig(parseConfigText(JSON.stringify(config), 'json', 'config file job.json'));
    for (const job of jobs)
      expect(() => read(sweepJobConfig({ gamma: 0.9 }, job.values))).not.toThrow();
    expect(() => read({ trainingMode: 'bptt', lambda: 0.5 })).toThrow(
      /lambda is for the BP\(λ\) rules/,
    );
  });
});
