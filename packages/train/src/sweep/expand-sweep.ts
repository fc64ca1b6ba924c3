/**
 * A sweep's jobs: the grid's cartesian product (the file's parameter order, the last parameter
 * varying fastest), or `run_cap` seeded random draws. Each job is a config layer of the swept
 * values, validated with the base config before any job runs, and a stable id naming what it
 * varies (`003-training-mode=bptt_lr-base=0.001`), so a restarted sweep finds its job folders.
 */
import { mulberry32 } from '@olrd/data';
import { ConfigError } from '../config/config-error.js';
import { toKebabCase } from '../config/config-keys.js';
import { markGivenLayer } from '../config/given-layers.js';
import { RULE_OPTIONS } from '../config/rule-options.js';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../config/train-config.js';
import { checkConfigValue, resolveTrainConfig } from '../config/validate-config.js';
import type { ParameterSpec, SweepSpec } from './sweep-spec.js';

/** One job of a sweep. */
export interface SweepJob {
  /** 0-based position in the sweep. */
  readonly index: number;
  /** Folder name: the position and the values that vary across the sweep. */
  readonly id: string;
  /** The swept values by config key (the base config supplies the rest). */
  readonly values: Partial<TrainConfig>;
}

type Draw = () => number;

function drawValue(spec: ParameterSpec, uniform: Draw): unknown {
  if (spec.kind === 'value') return spec.value;
  if (spec.kind === 'values') return spec.values[Math.floor(uniform() * spec.values.length)];
  const { min, max, q } = spec;
  const quantise = (x: number) => (q === undefined ? x : Math.round(x / q) * q);
  switch (spec.distribution) {
    case 'uniform':
      return min + (max - min) * uniform();
    case 'q_uniform':
      return quantise(min + (max - min) * uniform());
    case 'int_uniform':
      return Math.floor(min + (max - min + 1) * uniform());
    case 'log_uniform_values':
      return Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * uniform());
    case 'q_log_uniform_values':
      return quantise(Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * uniform()));
    case 'log_uniform':
      // W&B: min and max are natural-log exponents.
      return Math.exp(min + (max - min) * uniform());
  }
}

function gridValues(spec: ParameterSpec): readonly unknown[] {
  if (spec.kind === 'value') return [spec.value];
  if (spec.kind === 'values') return spec.values;
  throw new Error('unreachable: parseSweepSpec refuses distributions in a grid');
}

function formatValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isInteger(value))
    return Number(value.toPrecision(4)).toString();
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `003-training-mode=bptt_lr-base=0.001`, safe as a folder name, at most ~100 characters. */
function jobId(
  index: number,
  count: number,
  varying: ReadonlyArray<keyof TrainConfig>,
  values: Partial<TrainConfig>,
): string {
  const position = String(index + 1).padStart(Math.max(3, String(count).length), '0');
  const parts = varying.map((key) => `${toKebabCase(key)}=${formatValue(values[key])}`);
  const text = [position, ...parts].join('_').replace(/[^A-Za-z0-9.=+-]+/g, '_');
  return text.length <= 100 ? text : text.slice(0, 100);
}

/**
 * A job's whole config: `base` beneath the swept `values`, less the rule-specific options (BP(λ)'s
 * `lambda`, a truncation, …) that the job's rule does not read. A W&B sweep hands every
 * parameter to every run and the reference's program ignores the ones its mode does not use;
 * `olrd train` refuses them instead (a typo would otherwise change nothing), so they are left
 * out of the jobs whose rule ignores them.
 *
 * @example
 * sweepJobConfig({ lambda: 0.5 }, { trainingMode: 'bptt' }); // { trainingMode: 'bptt' }
 */
export function sweepJobConfig(
  base: Partial<TrainConfig>,
  values: Partial<TrainConfig>,
): Partial<TrainConfig> {
  const config: Partial<TrainConfig> = { ...base, ...values };
  const rule = config.trainingMode ?? DEFAULT_TRAIN_CONFIG.trainingMode;
  for (const [key, option] of Object.entries(RULE_OPTIONS))
    if (option && !option.rules.includes(rule)) delete config[key as keyof TrainConfig];
  return config;
}

/**
 * Expands `spec` into its jobs and checks each job's config (with `base` beneath it).
 *
 * @throws ConfigError naming the job and the parameter when a value is not allowed.
 */
export function expandSweep(
  spec: SweepSpec,
  base: Partial<TrainConfig> = {},
  source = spec.name,
): SweepJob[] {
  let rows: Array<Partial<Record<keyof TrainConfig, unknown>>>;
  if (spec.method === 'grid') {
    rows = [{}];
    for (const [key, parameter] of spec.parameters)
      rows = rows.flatMap((row) =>
        gridValues(parameter).map((value) => ({ ...row, [key]: value })),
      );
  } else {
    const prng = mulberry32(spec.seed);
    const uniform = () => prng.nextUint32() / 2 ** 32;
    rows = Array.from({ length: spec.runCap! }, () =>
      Object.fromEntries(
        spec.parameters.map(([key, parameter]) => [key, drawValue(parameter, uniform)]),
      ),
    );
  }
  const varying = spec.parameters
    .filter(
      ([, parameter]) =>
        parameter.kind !== 'value' &&
        !(parameter.kind === 'values' && parameter.values.length === 1),
    )
    .map(([key]) => key);
  return rows.map((row, index) => {
    const values: Partial<Record<keyof TrainConfig, unknown>> = {};
    for (const [key, value] of Object.entries(row) as Array<[keyof TrainConfig, unknown]>)
      values[key] = checkConfigValue(key, value, `${source}: job ${index + 1}, parameter '${key}'`);
    try {
      // Checked as olrd train will read it: a config file (jobs/<id>.json) a person wrote.
      const job = sweepJobConfig(base, values as Partial<TrainConfig>);
      resolveTrainConfig(markGivenLayer(job, { kind: 'file', source: `job ${index + 1}` }));
    } catch (error) {
      if (ConfigError.isInstance(error))
        throw new ConfigError(
          `${source}: job ${index + 1} (${JSON.stringify(row)}): ${error.message}`,
          error.key,
        );
      throw error;
    }
    return {
      index,
      id: jobId(index, rows.length, varying, values as Partial<TrainConfig>),
      values: values as Partial<TrainConfig>,
    };
  });
}
