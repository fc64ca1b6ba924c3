/**
 * Validation of config layers (a file, the flags) and their resolution into a full
 * {@link TrainConfig}: defaults ← file ← flags. Every error names the source, the key, what the
 * key accepts and what it got.
 */
import { CONFIG_FIELDS, describeFieldType, enumValues, type FieldType } from './config-fields.js';
import { ConfigError } from './config-error.js';
import { canonicalKey, suggestKey, toKebabCase } from './config-keys.js';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from './train-config.js';
import { defaultHiddenSize } from '@olrd/core';
import { isSyntheticGradientRule, supportProblem } from '@olrd/rules';
import { checkArchitecture } from './architecture-check.js';
import { markGivenLayer } from './given-layers.js';
import { checkRuleOptions } from './rule-options.js';

function inRange(type: Extract<FieldType, { kind: 'integer' | 'number' }>, value: number): boolean {
  const minExclusive = type.kind === 'number' && type.minExclusive;
  const maxExclusive = type.kind === 'number' && type.maxExclusive;
  if (type.min !== undefined && (minExclusive ? value <= type.min : value < type.min)) return false;
  if (type.max !== undefined && (maxExclusive ? value >= type.max : value > type.max)) return false;
  return true;
}

function accepts(type: FieldType, value: unknown): boolean {
  switch (type.kind) {
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) && inRange(type, value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && inRange(type, value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'enum':
      return typeof value === 'string' && enumValues(type).includes(value);
    case 'string':
      return typeof value === 'string';
    default:
      return type satisfies never;
  }
}

/**
 * Checks one value against a field type.
 *
 * @param where - e.g. `"config file a.yaml: key 'bsz'"` or `"flag --bsz"`
 * @param key - the key it sets, carried by the ConfigError
 * @throws ConfigError naming `where`, the accepted type and the value.
 */
export function checkFieldValue(
  type: FieldType,
  value: unknown,
  where: string,
  key?: string,
): unknown {
  if (!accepts(type, value)) {
    // JSON.stringify writes Infinity and NaN (YAML's .inf, .nan) as null: say what they are.
    const shown =
      typeof value === 'number' && !Number.isFinite(value)
        ? `${value}, which is not a finite number`
        : JSON.stringify(value);
    throw new ConfigError(`${where} must be ${describeFieldType(type)}, got ${shown}`, key);
  }
  return value;
}

/**
 * Checks one value against its key's schema.
 *
 * @param where - e.g. `"config file a.yaml: key 'bsz'"` or `"flag --bsz"`
 * @throws ConfigError naming `where`, the accepted type and the value.
 */
export function checkConfigValue<K extends keyof TrainConfig>(
  key: K,
  value: unknown,
  where: string,
): TrainConfig[K] {
  return checkFieldValue(CONFIG_FIELDS[key].type, value, where, key) as TrainConfig[K];
}

/** "unknown key 'lr_bse' (did you mean 'lrBase'?)" plus the list of keys. */
export function unknownKeyMessage(name: string, spelling: 'key' | 'flag'): string {
  const suggestion = suggestKey(name);
  const shown = (key: string) => (spelling === 'flag' ? `--${toKebabCase(key)}` : key);
  const hint = suggestion ? ` (did you mean ${shown(suggestion)}?)` : '';
  return `unknown ${spelling} '${name}'${hint}`;
}

/**
 * Validates a partial config from one source (e.g. a parsed YAML file): keys may use any accepted
 * spelling; the result uses canonical keys, and is remembered as typed in a config file (so
 * {@link resolveTrainConfig} refuses its non-default options that the chosen rule ignores).
 *
 * @param source - shown in errors, e.g. `"config file experiments/copy/quickstart.yaml"`
 * @throws ConfigError on a non-object, an unknown or duplicated key, or a bad value.
 */
export function normalizeConfigLayer(raw: unknown, source: string): Partial<TrainConfig> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${source}: expected a mapping of config keys to values`);
  }
  const layer: Partial<Record<keyof TrainConfig, unknown>> = {};
  const spelledAs: Partial<Record<keyof TrainConfig, string>> = {};
  for (const [name, value] of Object.entries(raw)) {
    const key = canonicalKey(name);
    if (!key) {
      throw new ConfigError(
        `${source}: ${unknownKeyMessage(name, 'key')}; allowed keys: ${Object.keys(CONFIG_FIELDS).join(', ')}`,
      );
    }
    if (spelledAs[key] !== undefined) {
      throw new ConfigError(`${source}: '${spelledAs[key]}' and '${name}' both set ${key}`, key);
    }
    spelledAs[key] = name;
    layer[key] = checkConfigValue(key, value, `${source}: key '${name}'`);
  }
  return markGivenLayer(layer as Partial<TrainConfig>, { kind: 'file', source });
}

/**
 * Checks the rules that involve several keys.
 *
 * @throws ConfigError naming the keys.
 */
export function checkConfigConsistency(config: TrainConfig): TrainConfig {
  if (config.rMin >= config.rMax) {
    throw new ConfigError(
      `rMin (${config.rMin}) must be smaller than rMax (${config.rMax})`,
      'rMin',
    );
  }
  if (config.lrMin > config.lrBase) {
    throw new ConfigError(
      `lrMin (${config.lrMin}) must not exceed lrBase (${config.lrBase})`,
      'lrMin',
    );
  }
  if (config.warmupEnd > config.epochs) {
    throw new ConfigError(
      `warmupEnd (${config.warmupEnd}) must not exceed epochs (${config.epochs})`,
      'warmupEnd',
    );
  }
  if (config.freezeModel && !isSyntheticGradientRule(config.trainingMode)) {
    throw new ConfigError(
      `freezeModel trains only the synthesisers, and trainingMode '${config.trainingMode}' has none, so nothing would learn: use bp_lambda, online_full_bp_lambda or dni, or drop freezeModel`,
      'freezeModel',
    );
  }
  // The execution and the pooling mode against the rule, in checkSupport's words (the cell is
  // checked below, with the model).
  const support = supportProblem(
    config.trainingMode,
    { layerCls: 'LRU', mode: config.mode },
    config.execution,
  );
  if (support?.key === 'execution' || support?.key === 'mode')
    throw new ConfigError(support.message, support.key);
  // The model's and the rule's own checks, so that they fail here rather than after the data is
  // loaded and a run folder exists.
  checkArchitecture(config);
  return config;
}

/**
 * Resolves layers over {@link DEFAULT_TRAIN_CONFIG} (later layers win) and checks consistency.
 * Without a `dHidden` in any layer, the GRU and the LSTM get dHidden = dModel (their output is
 * their state), as in `olrd stream`. Rule-specific options typed for a rule that ignores them
 * (`--lambda` with bptt) are refused: any value from `configLayerFromFlags`, a non-default
 * one from a config file ({@link normalizeConfigLayer}); layers built in code are not checked.
 *
 * @throws ConfigError on an inconsistent result.
 */
export function resolveTrainConfig(...layers: ReadonlyArray<Partial<TrainConfig>>): TrainConfig {
  const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG };
  let dHiddenGiven = false;
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      (config as unknown as Record<string, unknown>)[key] = value;
      if (key === 'dHidden') dHiddenGiven = true;
    }
  }
  if (!dHiddenGiven)
    config.dHidden = defaultHiddenSize(
      config.layerCls,
      config.dModel,
      DEFAULT_TRAIN_CONFIG.dHidden,
    );
  checkRuleOptions(config, layers);
  return checkConfigConsistency(config);
}

/**
 * Validates an untrusted object as a complete or partial config and fills in the defaults.
 *
 * @throws ConfigError as {@link normalizeConfigLayer} and {@link checkConfigConsistency}.
 */
export function validateTrainConfig(raw: unknown, source = 'config'): TrainConfig {
  return resolveTrainConfig(normalizeConfigLayer(raw, source));
}
