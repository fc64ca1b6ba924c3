/**
 * What one config field is: its type and range (`FieldType`), its help-facing description
 * (`FieldSpec`), and their wording. The table of fields is config-fields.ts.
 */

/** The accepted type and range of one config value. */
export type FieldType =
  | { readonly kind: 'integer'; readonly min: number; readonly max?: number }
  | {
      readonly kind: 'number';
      readonly min?: number;
      readonly max?: number;
      /** True when `min` itself is not allowed. */
      readonly minExclusive?: boolean;
      /** True when `max` itself is not allowed. */
      readonly maxExclusive?: boolean;
    }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'enum'; readonly values: readonly string[] | (() => readonly string[]) }
  | { readonly kind: 'string' };

/** Help-facing description of one config key. */
export interface FieldSpec {
  readonly type: FieldType;
  /** Group heading in `--help`. */
  readonly group: 'data' | 'model' | 'learning rule' | 'optimisation' | 'run';
  readonly description: string;
  /** Other accepted names (camelCase); each also works as a kebab-case flag and snake_case key. */
  readonly aliases?: readonly string[];
  /** The reference's flag default (spec 1 §5.4) when it differs or is informative. */
  readonly reference?: string;
}

/** The allowed values of an enum field (resolving registries such as the dataset names). */
export function enumValues(type: Extract<FieldType, { kind: 'enum' }>): readonly string[] {
  return typeof type.values === 'function' ? type.values() : type.values;
}

/** Human text for a field type, e.g. "an integer >= 1" or "one of: bptt, online_full". */
export function describeFieldType(type: FieldType): string {
  switch (type.kind) {
    case 'integer':
      return type.max === undefined
        ? `an integer >= ${type.min}`
        : `an integer in [${type.min}, ${type.max}]`;
    case 'number': {
      const lower = type.min === undefined ? '' : `${type.minExclusive ? '>' : '>='} ${type.min}`;
      const upper = type.max === undefined ? '' : `${type.maxExclusive ? '<' : '<='} ${type.max}`;
      return `a number${lower ? ` ${lower}` : ''}${lower && upper ? ' and' : ''}${upper ? ` ${upper}` : ''}`;
    }
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of: ${enumValues(type).join(', ')}`;
    case 'string':
      return 'a string';
    default:
      return type satisfies never;
  }
}
