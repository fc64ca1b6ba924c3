/**
 * The CLI face of {@link TrainConfig}: every key is a kebab-case string flag (`--lr-base 0.002`)
 * and so is each alias (`--jax-seed`, `--rule`, `--task`), built with the flag table helpers
 * ({@link flagHelp}, {@link readFlags}) from {@link CONFIG_FIELDS} and
 * {@link DEFAULT_TRAIN_CONFIG}. A command that takes only some keys (`olrd stream`) selects
 * them with {@link configFlagTable}, with its own defaults and old spellings.
 */
import { CONFIG_FIELDS, CONFIG_KEYS, type FieldSpec, type FieldType } from './config-fields.js';
import {
  flagHelp,
  flagNames,
  flagOptions,
  parseFlagText,
  readFlags,
  type FlagField,
  type StringFlagOption,
} from './flag-table.js';
import { markGivenLayer } from './given-layers.js';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from './train-config.js';

/** How one command takes a config key differently from `olrd train`. */
export interface ConfigFlagOverride<V> {
  /** A narrower type than the field's, for a command that supports fewer values. */
  readonly type?: FieldType;
  readonly default?: V;
  /** The help, where the command gives the key a narrower meaning. */
  readonly description?: string;
  /** Old spellings the command keeps accepting (camelCase), besides the field's aliases. */
  readonly aliases?: readonly string[];
}

/** The flags of some config keys, typed by the key's value. */
export type ConfigFlagTable<K extends keyof TrainConfig> = {
  readonly [P in K]: FlagField<TrainConfig[P]>;
};

/**
 * The flag table of `keys`: each field's type, help, aliases and reference from
 * {@link CONFIG_FIELDS}, its default from {@link DEFAULT_TRAIN_CONFIG}, unless `overrides`
 * changes them for the command.
 *
 * @param options.references - whether help notes the reference implementation's defaults: yes
 *   for `olrd train`, whose flags mirror its; no for a command it has no counterpart of
 */
export function configFlagTable<K extends keyof TrainConfig>(
  keys: readonly K[],
  overrides: { readonly [P in K]?: ConfigFlagOverride<TrainConfig[P]> } = {},
  options: { readonly references?: boolean } = {},
): ConfigFlagTable<K> {
  return Object.fromEntries(
    keys.map((key) => {
      const field: FieldSpec = CONFIG_FIELDS[key];
      const override: ConfigFlagOverride<TrainConfig[K]> = overrides[key] ?? {};
      const aliases = [...(field.aliases ?? []), ...(override.aliases ?? [])];
      const { reference, ...help } = field;
      const flag: FlagField<TrainConfig[K]> = {
        ...help,
        ...(reference !== undefined && options.references !== false ? { reference } : {}),
        type: override.type ?? field.type,
        default: override.default ?? DEFAULT_TRAIN_CONFIG[key],
        description: override.description ?? field.description,
        ...(aliases.length > 0 ? { aliases } : {}),
      };
      return [key, flag];
    }),
  ) as ConfigFlagTable<K>;
}

/** Every config key's flag, as `olrd train` takes them. */
const trainFlags = (): ConfigFlagTable<keyof TrainConfig> => configFlagTable(CONFIG_KEYS);

/** The flag (without `--`) and the config key it sets, aliases included. */
export function configFlagNames(): Array<{ flag: string; key: keyof TrainConfig; alias: boolean }> {
  return flagNames(trainFlags());
}

/** `parseArgs` options for every config flag. */
export function configFlagOptions(): Record<string, StringFlagOption> {
  return flagOptions(trainFlags()) as Record<string, StringFlagOption>;
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
  return parseFlagText(trainFlags()[key], text, flag, key) as TrainConfig[K];
}

/**
 * Builds a config layer from `parseArgs` values (flag → text; absent flags are `undefined`), over
 * every config key or the keys of `table`. Flags of other keys (e.g. `--config`, `--help`) are
 * ignored. The layer is remembered as typed (so `resolveTrainConfig` and `checkRuleOptions`
 * refuse its options that the chosen rule ignores).
 *
 * @throws ConfigError on a bad value, or when a key is given twice through a flag and its alias.
 */
export function configLayerFromFlags<K extends keyof TrainConfig = keyof TrainConfig>(
  values: Readonly<Record<string, unknown>>,
  table: ConfigFlagTable<K> = trainFlags() as ConfigFlagTable<K>,
): Partial<Pick<TrainConfig, K>> {
  const layer = readFlags(table, values).values as Partial<Pick<TrainConfig, K>>;
  return markGivenLayer(layer, { kind: 'flags' });
}

/** Help text for the config flags, grouped, one entry per flag with type, default and reference. */
export function configFlagHelp(): string {
  const groups: ReadonlyArray<FieldSpec['group']> = [
    'data',
    'model',
    'learning rule',
    'optimisation',
    'run',
  ];
  return flagHelp(trainFlags(), groups);
}
