/**
 * The form's checks and labels: a problem is told with the label the form shows, and every field
 * of the form takes its label from the one table (so the words of a problem are on the page).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunSettings } from '../protocol.js';
import { labelMessage } from './error-labels.js';
import {
  DEFAULT_SETTINGS,
  SETTINGS_KEYS,
  checkField,
  checkSettings,
  fieldLabel,
} from './settings-fields.js';

describe('settings fields', () => {
  it('accepts the defaults', () => {
    expect(checkSettings({ ...DEFAULT_SETTINGS })).toEqual([]);
  });

  it('tells a problem with the form label, not the internal name', () => {
    const settings: RunSettings = { ...DEFAULT_SETTINGS, dModel: 0, lrBase: -1, bsz: 2.5 };
    expect(checkSettings(settings)).toEqual([
      'd_model (H) must be a positive integer, got 0',
      'Batch (parallel streams on the drifting stream) must be a positive integer, got 2.5',
      'Learning rate must be a positive number, got -1',
    ]);
    // An emptied number box reads as NaN.
    expect(checkField('nLayers', Number.NaN)).toBe(
      'Layers must be a positive integer, got nothing',
    );
    expect(checkField('seed', 0)).toBeUndefined();
    expect(checkField('listopsLength', 3)).toMatch(
      /^Longest expression in tokens must be an integer ≥ 4/,
    );
  });

  it('checks choices and the rule pair', () => {
    expect(checkField('backend', 'webgl')).toBe(
      "Backend must be one of webgpu, wasm, cpu, got 'webgl'",
    );
    expect(checkField('rules', ['online_full', 'bptt'])).toBeUndefined();
    expect(checkField('rules', ['bptt', 'bptt'])).toMatch(/^Rule must be one or two of/);
    expect(checkField('rules', [])).toBeDefined();
    expect(checkField('rules', ['nope'])).toBeDefined();
  });

  it('gives the form its labels from the one table', () => {
    const components = ['Controls', 'TaskFields', 'ModelFields'].map((name) =>
      readFileSync(new URL(`../components/${name}.tsx`, import.meta.url), 'utf8'),
    );
    const source = components.join('\n');
    // No field label written out in a component: each comes from fieldLabel(key).
    for (const key of SETTINGS_KEYS) {
      const label = fieldLabel(key);
      expect(source.includes(`"${label}`), `${key}: "${label}" written in a component`).toBe(false);
    }
    for (const key of ['dModel', 'nLayers', 'bsz', 'lrBase', 'layerCls', 'rules', 'backend'])
      expect(source).toMatch(new RegExp(`fieldLabel\\((key|'${key}')\\)`));
  });
});

describe('labelMessage', () => {
  it('names config fields in worker errors by their form labels', () => {
    expect(labelMessage('RangeError: model config: dModel must be a positive integer, got 0')).toBe(
      'RangeError: model config: d_model (H) must be a positive integer, got 0',
    );
    expect(labelMessage("config: key 'lrBase' must be a number, got null")).toBe(
      'config: Learning rate must be a number, got null',
    );
    expect(labelMessage('RangeError: batchSize must be a positive integer, got 0')).toBe(
      'RangeError: Batch (parallel streams on the drifting stream) must be a positive integer, got 0',
    );
    expect(labelMessage('dHidden (8) must equal dModel (16) for the GRU')).toBe(
      'd_hidden (N) (8) must equal d_model (H) (16) for the GRU',
    );
  });

  it("points rtrl's refusal at the form's memory bound", () => {
    expect(labelMessage('raise the bound (maxSensitivityBytes), or use snap1')).toBe(
      'raise the bound (rtrl: memory bound (MiB of sensitivities)), or use snap1',
    );
  });

  it('leaves plain words alone (task, seed, backend are words in sentences too)', () => {
    const message = 'the task needs a seed and a backend; nLayersX is no field';
    expect(labelMessage(message)).toBe(message);
  });
});
