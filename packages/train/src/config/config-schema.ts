/**
 * The JSON Schema of a config file (`olrd train --config FILE`), generated from
 * {@link CONFIG_FIELDS} like the flags and `--help`, so editors (YAML language servers, VS Code)
 * autocomplete and check configs. A file may spell a key in camelCase, snake_case (the
 * reference's) or kebab-case, or use an alias; the schema lists the snake_case and camelCase
 * spellings of each key and alias, each with the key's type, range, help and default.
 */
import { CONFIG_FIELDS, CONFIG_KEYS, type FieldType } from './config-fields.js';
import { toKebabCase } from './config-keys.js';
import { DEFAULT_TRAIN_CONFIG } from './train-config.js';

/** The schema's `$id` (a URN: the schema ships with olrd, it is not served anywhere). */
export const CONFIG_SCHEMA_ID = 'urn:olrd:schema:train-config';

function typeSchema(type: FieldType): Record<string, unknown> {
  switch (type.kind) {
    case 'integer':
      return {
        type: 'integer',
        minimum: type.min,
        ...(type.max === undefined ? {} : { maximum: type.max }),
      };
    case 'number':
      return {
        type: 'number',
        ...(type.min === undefined
          ? {}
          : type.minExclusive
            ? { exclusiveMinimum: type.min }
            : { minimum: type.min }),
        ...(type.max === undefined
          ? {}
          : type.maxExclusive
            ? { exclusiveMaximum: type.max }
            : { maximum: type.max }),
      };
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { enum: [...(typeof type.values === 'function' ? type.values() : type.values)] };
    case 'string':
      return { type: 'string' };
  }
}

/**
 * The JSON Schema (draft 2020-12) of a train config file.
 *
 * @example
 * ```ts
 * import { trainConfigJsonSchema } from '@olrd/train';
 * const schema = trainConfigJsonSchema();
 * schema.properties.training_mode; // { enum: ['bptt', …], description: …, default: 'online_full' }
 * ```
 */
export function trainConfigJsonSchema(): {
  $schema: string;
  $id: string;
  title: string;
  type: 'object';
  additionalProperties: false;
  properties: Record<string, Record<string, unknown>>;
} {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const key of CONFIG_KEYS) {
    const field = CONFIG_FIELDS[key];
    const entry = {
      ...typeSchema(field.type),
      description: `${field.description} (--${toKebabCase(key)})`,
      default: DEFAULT_TRAIN_CONFIG[key],
    };
    for (const name of [key, ...(field.aliases ?? [])]) {
      properties[toKebabCase(name).replace(/-/g, '_')] = entry;
      properties[name] = entry;
    }
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: CONFIG_SCHEMA_ID,
    title: 'olrd train config',
    type: 'object',
    additionalProperties: false,
    properties,
  };
}
