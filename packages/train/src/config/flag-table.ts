/**
 * Command-line flags generated from a table of fields, the shape of {@link CONFIG_FIELDS} plus
 * each flag's default under its command: the flag names (the kebab-case key and its aliases),
 * the `parseArgs` options, the strict parsing and validation of every value, and the help.
 * `olrd train` uses the config table; `olrd stream` a selection of it (with its own defaults)
 * beside a table of its stream-only flags, so that one thing has one flag, one parser and one
 * help line in both commands.
 */
import { describeFieldType, type FieldSpec, type FieldType } from './config-fields.js';
import { ConfigError } from './config-error.js';
import { toKebabCase } from './config-keys.js';
import { checkFieldValue } from './validate-config.js';

/** A value a {@link FieldType} cannot describe (`5m`, `sequence`): its own text and parser. */
export interface CustomFlagType<T> {
  readonly kind: 'custom';
  /** The accepted values in help, e.g. `"K|sequence"`. */
  readonly text: string;
  /** @throws an error naming `--flag`, what it accepts and the text typed. */
  readonly parse: (text: string, flag: string) => T;
}

/** The type of a flag: a config field type, a custom one, or a switch (`--overwrite`, no value). */
export type FlagType<T = unknown> = FieldType | CustomFlagType<T> | { readonly kind: 'switch' };

/** One flag: a config field's type, help and aliases, and its default under one command. */
export interface FlagField<T = unknown> extends Omit<FieldSpec, 'type' | 'group'> {
  readonly type: FlagType<T>;
  /** Group heading in `--help`. */
  readonly group: string;
  readonly default: T;
  /** The default as help shows it, where `String(default)` is not readable (`5m`). */
  readonly defaultText?: string;
}

/** Flags by the key (camelCase) each sets; the key in kebab-case is the flag. */
export type FlagTable = Readonly<Record<string, FlagField>>;

/** The typed values of a table's keys. */
export type FlagValues<T extends FlagTable> = {
  -readonly [K in keyof T]: T[K] extends FlagField<infer V> ? V : never;
};

/** A `node:util` `parseArgs` option descriptor (kept structural so this module stays isomorphic). */
export interface StringFlagOption {
  type: 'string';
}

/** The `parseArgs` option of a switch. */
export interface SwitchFlagOption {
  type: 'boolean';
}

/** Types a table row: `defineFlag<Engine>({ ... })` checks the default and the parser agree. */
export function defineFlag<T>(field: FlagField<T>): FlagField<T> {
  return field;
}

/** The flags (without `--`) of a table and the key each sets, aliases included. */
export function flagNames<T extends FlagTable>(
  table: T,
): Array<{ flag: string; key: keyof T & string; alias: boolean }> {
  return Object.entries(table).flatMap(([key, field]) => [
    { flag: toKebabCase(key), key, alias: false },
    ...(field.aliases ?? []).map((alias) => ({ flag: toKebabCase(alias), key, alias: true })),
  ]);
}

/** `parseArgs` options for every flag of a table. */
export function flagOptions(table: FlagTable): Record<string, StringFlagOption | SwitchFlagOption> {
  return Object.fromEntries(
    flagNames(table).map(({ flag, key }) => [
      flag,
      table[key]!.type.kind === 'switch'
        ? { type: 'boolean' as const }
        : { type: 'string' as const },
    ]),
  );
}

/** The defaults of a table's keys. */
export function flagDefaults<T extends FlagTable>(table: T): FlagValues<T> {
  return Object.fromEntries(
    Object.entries(table).map(([key, field]) => [key, field.default]),
  ) as FlagValues<T>;
}

/**
 * Parses one flag's text under its field: numbers and integers must be well-formed and finite,
 * booleans exactly `true` or `false` (the reference's `type=bool` flags read even "False" as
 * True), then the value is checked against the field's type and range.
 *
 * @param key - the key it sets, carried by the ConfigError
 * @throws ConfigError naming the flag, what it accepts and the text.
 */
export function parseFlagText<T>(field: FlagField<T>, text: string, flag: string, key: string): T {
  const type = field.type;
  if (type.kind === 'custom') return type.parse(text, flag);
  if (type.kind === 'switch') throw new ConfigError(`flag --${flag} takes no value`, key);
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
  return checkFieldValue(type, value, where, key) as T;
}

/** What {@link readFlags} found: the values given, and the spelling each was given as. */
export interface ReadFlags<T extends FlagTable> {
  values: Partial<FlagValues<T>>;
  givenAs: Partial<Record<keyof T & string, string>>;
}

/**
 * Reads a table's flags out of `parseArgs` values (flag → text, or `true` for a switch); absent
 * flags are left out, flags not in the table (e.g. `--help`) ignored.
 *
 * @throws ConfigError on a bad value, a missing value, or a key given through a flag and its alias.
 */
export function readFlags<T extends FlagTable>(
  table: T,
  values: Readonly<Record<string, unknown>>,
): ReadFlags<T> {
  const read: Record<string, unknown> = {};
  const givenAs: Record<string, string> = {};
  for (const { flag, key } of flagNames(table)) {
    const text = values[flag];
    if (text === undefined) continue;
    const field = table[key]!;
    const isSwitch = field.type.kind === 'switch';
    if (isSwitch ? typeof text !== 'boolean' : typeof text !== 'string')
      throw new ConfigError(`flag --${flag} ${isSwitch ? 'takes no' : 'needs a'} value`, key);
    if (givenAs[key] !== undefined) {
      throw new ConfigError(`flags --${givenAs[key]} and --${flag} both set ${key}; give one`, key);
    }
    givenAs[key] = flag;
    read[key] = isSwitch ? text : parseFlagText(field, text as string, flag, key);
  }
  return { values: read as Partial<FlagValues<T>>, givenAs: givenAs as ReadFlags<T>['givenAs'] };
}

/** The accepted values in help, e.g. `integer >= 1` or `bptt, online_full`. */
function typeText(type: FlagType): string {
  if (type.kind === 'custom') return type.text;
  if (type.kind === 'switch') return '';
  return describeFieldType(type).replace(/^(an?|one of:) /, '');
}

/**
 * Help for a table's flags, by group (in `groups` order, then any other in table order): per
 * flag its accepted values, description, default and the reference's default; per alias a line
 * "alias of --flag".
 */
export function flagHelp(table: FlagTable, groups: readonly string[] = []): string {
  const byGroup = new Map<string, string[]>(groups.map((group) => [group, []]));
  for (const [key, field] of Object.entries(table)) {
    const flag = `--${toKebabCase(key)}`;
    const accepted = typeText(field.type);
    const shown = field.defaultText ?? (field.default === '' ? "''" : String(field.default));
    const reference = field.reference ? `; reference ${field.reference}` : '';
    const lines = [
      `  ${flag}${accepted ? ` <${accepted}>` : ''}\n      ${field.description}` +
        (field.type.kind === 'switch' ? '' : ` (default ${shown}${reference})`),
      ...(field.aliases ?? []).map((alias) => `  --${toKebabCase(alias)}  alias of ${flag}`),
    ];
    byGroup.set(field.group, [...(byGroup.get(field.group) ?? []), ...lines]);
  }
  return [...byGroup]
    .filter(([, lines]) => lines.length > 0)
    .map(([group, lines]) => `${group}:\n${lines.join('\n')}`)
    .join('\n\n');
}
