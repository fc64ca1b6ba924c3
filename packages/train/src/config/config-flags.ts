/**
 * The CLI face of {@link TrainConfig}: every key is a kebab-case string flag (`--lr-base 0.002`)
 * and so is each alias (`--jax-seed`, `--rule`, `--task`). Values are parsed strictly: integers
 * must be integers and booleans must be exactly `true` or `false` (the reference's `type=bool`
 * flags read any string, even "False", as True).
 */
import { CONFIG_FIELDS, CONFIG_KEYS, describeFieldType, type FieldSpec } from './config-fields.js';
import { ConfigError } from './config-error.js';
import { toKebabCase } from './config-keys.js';
import { markGivenLayer } from './given-layers.js';
import { checkConfigValue } from './validate-config.js';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from './train-config.js';

/** A `node:util` `parseArgs` option descriptor (kept structural so this module stays isomorphic). */
export interface StringFlagOption {
  type: 'string';
}

/** The flag (without `--`) and the config key it sets, aliases included. */
export function configFlagNames(): Array<{ flag: string; key: keyof TrainConfig; alias: boolean }> {
  return CONFIG_KEYS.flatMap((key) => [
    { flag: toKebabCase(key), key, alias: false },
    ...(CONFIG_FIELDS[key].aliases ?? []).map((alias) => ({
      flag: toKebabCase(alias),
      key,
      alias: true,
    })),
  ]);
}

/** `parseArgs` options for every config flag. */
export function configFlagOptions(): Record<string, StringFlagOption> {
  return Object.fromEntries(
    configFlagNames().map(({ flag }) => [flag, { type: 'string' as const }]),
  );
}

/**
 * Parses one flag's text into a typed value.
 *
 * @throws ConfigError naming the flag, what it accepts and the text.
 */
export function parseFlagValue<K extends keyof TrainConfig>(
  key: K,
  text: string,
  flag: string,
): TrainConfig[K] {
  const { type } = CONFIG_FIELDS[key];
  const where = `flag --${flag}`;
  let value: unknown = text;
  if (type.kind === 'integer' || type.kind === 'number') {
    const trimmed = text.trim();
    value =
      trimmed === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(trimmed)
        ? text
        : Number(trimmed);
  } else if (type.kind === 'boolean') {
    value = text === 'true' ? true : text === 'false' ? false : text;
  }
  if (typeof value === 'string' && type.kind !== 'string' && type.kind !== 'enum') {
    throw new ConfigError(`${where} must be ${describeFieldType(type)}, got '${text}'`, key);
  }
  // '1e999' is well-formed but overflows to Infinity; show what was typed, not the parsed value.
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new ConfigError(
      `${where} must be ${describeFieldType(type)}, got '${text}', which is not a finite number`,
      key,
    );
  }
  return checkConfigValue(key, value, where);
}

/**
 * Builds a config layer from `parseArgs` values (flag → text; absent flags are `undefined`).
 * Flags that are not config flags (e.g. `--config`, `--help`) are ignored. The layer is
 * remembered as typed (so `resolveTrainConfig` refuses its options that the chosen rule ignores).
 *
 * @throws ConfigError on a bad value, or when a key is given twice through a flag and its alias.
 */
export function configLayerFromFlags(
  values: Readonly<Record<string, unknown>>,
): Partial<TrainConfig> {
  const layer: Partial<Record<keyof TrainConfig, unknown>> = {};
  const givenAs: Partial<Record<keyof TrainConfig, string>> = {};
  for (const { flag, key } of configFlagNames()) {
    const text = values[flag];
    if (text === undefined) continue;
    if (typeof text !== 'string') throw new ConfigError(`flag --${flag} needs a value`, key);
    if (givenAs[key] !== undefined) {
      throw new ConfigError(`flags --${givenAs[key]} and --${flag} both set ${key}; give one`, key);
    }
    givenAs[key] = flag;
    layer[key] = parseFlagValue(key, text, flag);
  }
  return markGivenLayer(layer as Partial<TrainConfig>, { kind: 'flags' });
}

/** Help text for the config flags, grouped, one line per flag with type, default and reference. */
export function configFlagHelp(): string {
  const order: Array<FieldSpec['group']> = [
    'data',
    'model',
    'learning rule',
    'optimisation',
    'run',
  ];
  const groups = new Map<string, string[]>(order.map((group) => [group, []]));
  for (const key of CONFIG_KEYS) {
    const field = CONFIG_FIELDS[key];
    const names = [key, ...(field.aliases ?? [])]
      .map((name) => `--${toKebabCase(name)}`)
      .join(', ');
    const value = DEFAULT_TRAIN_CONFIG[key];
    const defaultValue = value === '' ? "''" : String(value);
    const reference = field.reference ? `; reference ${field.reference}` : '';
    const line =
      `  ${names} <${describeFieldType(field.type).replace(/^(an?|one of:) /, '')}>\n` +
      `      ${field.description} (default ${defaultValue}${reference})`;
    groups.set(field.group, [...(groups.get(field.group) ?? []), line]);
  }
  return [...groups].map(([group, lines]) => `${group}:\n${lines.join('\n')}`).join('\n\n');
}
