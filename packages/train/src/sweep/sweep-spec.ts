/**
 * Sweep files in the reference's format (W&B sweep YAML): `method: grid | random`, `metric`
 * (`name`, `goal`), and `parameters`, each a `value`, a list of `values`, or a `distribution`
 * with `min`/`max` (random search). Parameter names are config keys in any accepted spelling
 * (`lr_base`, `training_mode`, `--n-layers`' `n_layers`), so a reference sweep ports as it is.
 * Isomorphic: text in, a validated spec and its jobs out (`expandSweep`).
 */
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../config/config-error.js';
import { canonicalKey } from '../config/config-keys.js';
import type { TrainConfig } from '../config/train-config.js';

/** One swept parameter. */
export type ParameterSpec =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'values'; readonly values: readonly unknown[] }
  | {
      readonly kind: 'distribution';
      readonly distribution: Distribution;
      readonly min: number;
      readonly max: number;
      /** Quantisation step of the q_ distributions. */
      readonly q?: number;
    };

/** The W&B distributions a random sweep can draw from. */
export const DISTRIBUTIONS = [
  'uniform',
  'int_uniform',
  'q_uniform',
  'log_uniform_values',
  'q_log_uniform_values',
  'log_uniform',
] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];

/** The summary quantity a sweep ranks its jobs by. */
export type SweepMetricName = 'val loss' | 'val accuracy' | 'test loss' | 'test accuracy';

/** A validated sweep. */
export interface SweepSpec {
  readonly name: string;
  readonly method: 'grid' | 'random';
  readonly metric: { readonly name: SweepMetricName; readonly goal: 'minimize' | 'maximize' };
  /** Parameters by canonical config key, in the file's order. */
  readonly parameters: ReadonlyArray<readonly [keyof TrainConfig, ParameterSpec]>;
  /** Jobs of a random sweep (W&B `run_cap`). */
  readonly runCap?: number;
  /** Seed of a random sweep's draws (default 0). */
  readonly seed: number;
}

/** Keys of W&B sweep files that describe where a sweep runs, not what it computes. */
const IGNORED_KEYS = new Set(['program', 'command', 'project', 'entity', 'description']);
const TOP_KEYS = new Set(['name', 'method', 'metric', 'parameters', 'run_cap', 'seed']);

const METRIC_NAMES: Record<string, SweepMetricName> = {
  'val loss': 'val loss',
  'val accuracy': 'val accuracy',
  'test loss': 'test loss',
  'test accuracy': 'test accuracy',
};

/** `"Val loss"`, `val_loss`, `val.loss` → `val loss`. */
function metricName(raw: unknown, source: string): SweepMetricName {
  const normal = String(raw)
    .toLowerCase()
    .replace(/[._-]+/g, ' ')
    .trim();
  const name = METRIC_NAMES[normal];
  if (name === undefined)
    throw new ConfigError(
      `${source}: metric name '${String(raw)}' is not one olrd reports; use one of ${Object.keys(METRIC_NAMES).join(', ')}`,
    );
  return name;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parameterSpec(name: string, raw: unknown, source: string): ParameterSpec {
  const where = `${source}: parameter '${name}'`;
  if (!isRecord(raw))
    throw new ConfigError(`${where} must be a mapping with value, values or distribution`);
  if ('value' in raw) return { kind: 'value', value: raw['value'] };
  if ('values' in raw) {
    const values = raw['values'];
    // The reference's table2_ListOps writes `values:` with a scalar: read it as one value.
    if (!Array.isArray(values)) return { kind: 'values', values: [values] };
    if (values.length === 0) throw new ConfigError(`${where}: values is empty`);
    return { kind: 'values', values };
  }
  const distribution = raw['distribution'];
  if (distribution === undefined)
    throw new ConfigError(`${where} needs value, values, or distribution with min and max`);
  if (distribution === 'constant') return { kind: 'value', value: raw['value'] };
  if (distribution === 'categorical') return parameterSpec(name, { values: raw['values'] }, source);
  if (!(DISTRIBUTIONS as readonly unknown[]).includes(distribution))
    throw new ConfigError(
      `${where}: distribution '${String(distribution)}' is not supported; use one of ${DISTRIBUTIONS.join(', ')}, constant, categorical`,
    );
  const min = Number(raw['min']);
  const max = Number(raw['max']);
  if (!(Number.isFinite(min) && Number.isFinite(max) && min <= max))
    throw new ConfigError(`${where}: ${String(distribution)} needs finite min ≤ max`);
  if (
    String(distribution).startsWith('log_uniform_values') ||
    distribution === 'q_log_uniform_values'
  )
    if (!(min > 0)) throw new ConfigError(`${where}: ${String(distribution)} needs min > 0`);
  const q = raw['q'] === undefined ? undefined : Number(raw['q']);
  if (q !== undefined && !(q > 0)) throw new ConfigError(`${where}: q must be a positive number`);
  return {
    kind: 'distribution',
    distribution: distribution as Distribution,
    min,
    max,
    ...(q === undefined ? {} : { q }),
  };
}

/**
 * Validates a parsed sweep file.
 *
 * @param source - names the file in errors
 * @param fallbackName - the sweep's name when the file has none (e.g. the file's base name)
 * @throws ConfigError naming the file, the key and what is allowed.
 */
export function parseSweepSpec(raw: unknown, source: string, fallbackName: string): SweepSpec {
  if (!isRecord(raw)) throw new ConfigError(`${source}: expected a mapping (a W&B sweep file)`);
  for (const key of Object.keys(raw))
    if (!TOP_KEYS.has(key) && !IGNORED_KEYS.has(key))
      throw new ConfigError(
        `${source}: unknown key '${key}'; a sweep file has ${[...TOP_KEYS].join(', ')} (and W&B's ${[...IGNORED_KEYS].join(', ')}, ignored)`,
      );
  const method = raw['method'] ?? 'grid';
  if (method !== 'grid' && method !== 'random')
    throw new ConfigError(`${source}: method must be grid or random, got '${String(method)}'`);
  const metricRaw = raw['metric'] ?? { name: 'val loss', goal: 'minimize' };
  if (!isRecord(metricRaw))
    throw new ConfigError(`${source}: metric must be a mapping with name and goal`);
  const goal = metricRaw['goal'] ?? 'minimize';
  if (goal !== 'minimize' && goal !== 'maximize')
    throw new ConfigError(
      `${source}: metric goal must be minimize or maximize, got '${String(goal)}'`,
    );
  const parametersRaw = raw['parameters'];
  if (!isRecord(parametersRaw) || Object.keys(parametersRaw).length === 0)
    throw new ConfigError(
      `${source}: parameters must be a mapping of config keys to value/values/distribution`,
    );
  const parameters: Array<readonly [keyof TrainConfig, ParameterSpec]> = [];
  const seen = new Map<keyof TrainConfig, string>();
  for (const [name, spec] of Object.entries(parametersRaw)) {
    const key = canonicalKey(name);
    if (key === undefined)
      throw new ConfigError(
        `${source}: parameter '${name}' is not a config key (see 'olrd train --help')`,
      );
    if (seen.has(key))
      throw new ConfigError(
        `${source}: parameters '${seen.get(key)}' and '${name}' both set ${key}`,
      );
    seen.set(key, name);
    parameters.push([key, parameterSpec(name, spec, source)]);
  }
  const runCapRaw = raw['run_cap'];
  const runCap = runCapRaw === undefined ? undefined : Number(runCapRaw);
  if (runCap !== undefined && !(Number.isInteger(runCap) && runCap >= 1))
    throw new ConfigError(
      `${source}: run_cap must be a positive integer, got '${String(runCapRaw)}'`,
    );
  const hasDistribution = parameters.some(([, spec]) => spec.kind === 'distribution');
  if (method === 'grid' && hasDistribution)
    throw new ConfigError(
      `${source}: a grid sweep takes value or values; distributions need method: random`,
    );
  if (method === 'random' && runCap === undefined)
    throw new ConfigError(`${source}: a random sweep needs run_cap (how many jobs to draw)`);
  const seed = raw['seed'] === undefined ? 0 : Number(raw['seed']);
  if (!(Number.isInteger(seed) && seed >= 0))
    throw new ConfigError(`${source}: seed must be an integer ≥ 0`);
  const name = typeof raw['name'] === 'string' && raw['name'] !== '' ? raw['name'] : fallbackName;
  return {
    name,
    method,
    metric: { name: metricName(metricRaw['name'] ?? 'val loss', source), goal },
    parameters,
    ...(runCap === undefined ? {} : { runCap }),
    seed,
  };
}

/** Parses a sweep file's YAML (or JSON) text. @throws ConfigError naming the file. */
export function parseSweepText(text: string, source: string, fallbackName: string): SweepSpec {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${source}: not valid YAML: ${(error as Error).message}`);
  }
  return parseSweepSpec(raw, source, fallbackName);
}
