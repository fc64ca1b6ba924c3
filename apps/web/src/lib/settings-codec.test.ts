import { describe, expect, it } from 'vitest';
import type { RunSettings } from '../protocol.js';
import { DEFAULT_VIEW, decodeSettings, encodeSettings } from './settings-codec.js';
import { DEFAULT_SETTINGS } from './settings-fields.js';
import { STORAGE_KEY, keepSettings, openSettings, type SettingsStorage } from './settings-store.js';

const defaults = (): RunSettings => ({ ...DEFAULT_SETTINGS, rules: [...DEFAULT_SETTINGS.rules] });

function memoryStorage(initial?: string): SettingsStorage & { items: Map<string, string> } {
  const items = new Map<string, string>(initial === undefined ? [] : [[STORAGE_KEY, initial]]);
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
  };
}

describe('settings codec', () => {
  it('writes only what differs from the defaults', () => {
    expect(encodeSettings(defaults())).toBe('');
    const settings = { ...defaults(), task: 'listops' as const, dModel: 32, lrBase: 0.01 };
    expect(encodeSettings(settings, { smoothing: 0.9, logLoss: true })).toBe(
      'task=listops&dModel=32&lrBase=0.01&smoothing=0.9&logLoss=1',
    );
    expect(encodeSettings({ ...defaults(), rules: ['snap1', 'tbptt'] })).toBe('rules=snap1,tbptt');
  });

  it('round-trips every field and the view', () => {
    const settings: RunSettings = {
      ...defaults(),
      task: 'drift',
      switchEvery: 500,
      updateEvery: 4,
      layerCls: 'RNN',
      rnnActivation: 'relu',
      rules: ['snap1', 'online_spatial'],
      backend: 'cpu',
      nLayers: 1,
      dModel: 16,
      dHidden: 8,
      bsz: 4,
      lrBase: 0.0005,
      seed: 0,
      alignEvery: 0,
      maxSteps: 1200,
    };
    const view = { smoothing: 0.95, logLoss: true };
    const decoded = decodeSettings(`?${encodeSettings(settings, view)}`);
    expect(decoded.problems).toEqual([]);
    expect(decoded.settings).toEqual(settings);
    expect(decoded.view).toEqual(view);
    expect([...decoded.named]).toContain('backend');
  });

  it('reports a bad value with the form label and falls back to the default', () => {
    const decoded = decodeSettings('dModel=abc&bsz=-3&backend=tpu&smoothing=2&nLayers=3&lr=1');
    expect(decoded.problems).toEqual([
      "d_model (H) must be a positive integer, got 'abc': using the default, 64",
      "Batch (parallel streams on the drifting stream) must be a positive integer, got '-3': using the default, 32",
      "Backend must be one of webgpu, wasm, cpu, got 'tpu': using the default, wasm",
      "Smoothing (EMA weight) must be a number from 0 to 0.99, got '2': using the default, 0.6",
      "unknown setting 'lr': ignored",
    ]);
    expect(decoded.settings).toEqual({ ...defaults(), nLayers: 3 });
    expect(decoded.view).toEqual(DEFAULT_VIEW);
    expect(decoded.named.has('backend')).toBe(false);
  });

  it('fits what it read as the form would (GRU: N follows H, online_full becomes snap1)', () => {
    const { settings, problems } = decodeSettings('layerCls=GRU&dModel=16&rules=online_full');
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({ layerCls: 'GRU', dModel: 16, dHidden: 16, rules: ['snap1'] });
  });
});

describe('settings store', () => {
  it('opens with the link when it has settings, whatever was kept', () => {
    const storage = memoryStorage('dModel=8');
    const opened = openSettings('?dModel=128', storage);
    expect([opened.source, opened.settings.dModel]).toEqual(['link', 128]);
  });

  it('opens with what was kept when the link has none, else the defaults', () => {
    const storage = memoryStorage();
    expect(openSettings('', storage)).toMatchObject({ source: 'defaults', settings: defaults() });
    expect(
      keepSettings({ ...defaults(), seed: 7 }, { smoothing: 0, logLoss: false }, storage),
    ).toBe('seed=7&smoothing=0');
    expect(storage.items.get(STORAGE_KEY)).toBe('seed=7&smoothing=0');
    const opened = openSettings('', storage);
    expect(opened).toMatchObject({ source: 'stored', view: { smoothing: 0, logLoss: false } });
    expect(opened.settings.seed).toBe(7);
  });

  it('treats a storage that throws as empty', () => {
    const refusing: SettingsStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(openSettings('', refusing).source).toBe('defaults');
    expect(keepSettings(defaults(), DEFAULT_VIEW, refusing)).toBe('');
  });
});
