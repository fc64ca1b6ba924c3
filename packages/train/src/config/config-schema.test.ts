import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from './config-fields.js';
import { trainConfigJsonSchema } from './config-schema.js';
import { DEFAULT_TRAIN_CONFIG } from './train-config.js';
import { validateTrainConfig } from './validate-config.js';

describe('trainConfigJsonSchema', () => {
  const schema = trainConfigJsonSchema();

  it('has every key in snake_case and camelCase, with its type, range, help and default', () => {
    for (const key of CONFIG_KEYS) expect(schema.properties[key], key).toBeDefined();
    expect(schema.properties.training_mode).toMatchObject({
      default: DEFAULT_TRAIN_CONFIG.trainingMode,
      description: expect.stringContaining('--training-mode'),
    });
    expect(schema.properties.training_mode!.enum).toContain('online_full');
    expect(schema.properties.dataset!.enum).toEqual(expect.arrayContaining(['copy', 'psfmnist']));
    expect(schema.properties.bsz).toMatchObject({ type: 'integer', minimum: 1 });
    expect(schema.properties.lr_base).toMatchObject({ type: 'number', exclusiveMinimum: 0 });
    expect(schema.properties.jax_seed).toEqual(schema.properties.seed); // an alias
    expect(schema.additionalProperties).toBe(false);
  });

  it("agrees with olrd's own validation on every key's default and on out-of-range values", () => {
    // Each default is valid for its schema entry; a value the validator refuses is outside it.
    const accepts = (entry: Record<string, unknown>, value: unknown): boolean => {
      if (Array.isArray(entry.enum)) return entry.enum.includes(value);
      if (entry.type === 'boolean') return typeof value === 'boolean';
      if (entry.type === 'string') return typeof value === 'string';
      if (typeof value !== 'number') return false;
      if (entry.type === 'integer' && !Number.isInteger(value)) return false;
      if (typeof entry.minimum === 'number' && value < entry.minimum) return false;
      if (typeof entry.maximum === 'number' && value > entry.maximum) return false;
      if (typeof entry.exclusiveMinimum === 'number' && value <= entry.exclusiveMinimum)
        return false;
      if (typeof entry.exclusiveMaximum === 'number' && value >= entry.exclusiveMaximum)
        return false;
      return true;
    };
    for (const key of CONFIG_KEYS)
      expect(accepts(schema.properties[key]!, DEFAULT_TRAIN_CONFIG[key]), key).toBe(true);
    for (const [key, value] of [
      ['bsz', 0],
      ['bsz', 2.5],
      ['lrBase', 0],
      ['trainingMode', 'sgd'],
    ] as const) {
      expect(accepts(schema.properties[key]!, value), `${key}=${value}`).toBe(false);
      expect(() => validateTrainConfig({ [key]: value })).toThrow();
    }
  });
});
