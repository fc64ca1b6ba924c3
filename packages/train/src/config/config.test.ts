import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULE_NAMES } from '@olrd/rules';
import { ConfigError } from './config-error.js';
import { configFlagHelp, configLayerFromFlags, parseFlagValue } from './config-flags.js';
import { canonicalKey, spellingHint, toCamelCase, toKebabCase } from './config-keys.js';
import { parseConfigText } from './parse-config-text.js';
import { DEFAULT_TRAIN_CONFIG } from './train-config.js';
import {
  normalizeConfigLayer,
  resolveTrainConfig,
  validateTrainConfig,
} from './validate-config.js';

describe('TrainConfig defaults', () => {
  it('are valid and complete', () => {
    expect(validateTrainConfig({})).toEqual(DEFAULT_TRAIN_CONFIG);
  });

  it('are mirrored exactly by experiments/copy/quickstart.yaml', () => {
    const path = fileURLToPath(
      new URL('../../../../experiments/copy/quickstart.yaml', import.meta.url),
    );
    const layer = parseConfigText(readFileSync(path, 'utf8'), 'yaml', 'quickstart.yaml');
    expect(layer).toEqual(DEFAULT_TRAIN_CONFIG);
  });
});

describe('config keys', () => {
  it('accept camelCase, snake_case, kebab-case and aliases', () => {
    expect(toCamelCase('copy_pattern_length')).toBe('copyPatternLength');
    expect(toKebabCase('nAccumulationSteps')).toBe('n-accumulation-steps');
    expect(canonicalKey('r-min')).toBe('rMin');
    expect(canonicalKey('jax_seed')).toBe('seed');
    expect(canonicalKey('rule')).toBe('trainingMode');
    expect(canonicalKey('task')).toBe('dataset');
    expect(canonicalKey('nope')).toBeUndefined();
    const layer = normalizeConfigLayer(
      { lr_base: 0.01, 'd-model': 16, jaxSeed: 3, rule: 'bptt' },
      'test',
    );
    expect(layer).toEqual({ lrBase: 0.01, dModel: 16, seed: 3, trainingMode: 'bptt' });
  });

  it('reject an unknown key with a suggestion and the allowed keys', () => {
    expect(() => normalizeConfigLayer({ lr_bse: 1 }, 'config file a.yaml')).toThrow(
      /config file a\.yaml: unknown key 'lr_bse' \(did you mean lrBase\?\); allowed keys: dataset, /,
    );
  });

  it('reject wrong types and ranges, naming the key and the allowed values', () => {
    expect(() => validateTrainConfig({ bsz: 'big' })).toThrow(
      /key 'bsz' must be an integer >= 1, got "big"/,
    );
    expect(() => validateTrainConfig({ bsz: 0 })).toThrow(/must be an integer >= 1, got 0/);
    expect(() => validateTrainConfig({ prenorm: 'false' })).toThrow(
      /'prenorm' must be true or false/,
    );
    expect(() => validateTrainConfig({ training_mode: 'nope' })).toThrow(
      `key 'training_mode' must be one of: ${RULE_NAMES.join(', ')}, got "nope"`,
    );
    expect(() => validateTrainConfig({ p_dropout: 1 })).toThrow(/must be a number >= 0 and < 1/);
    expect(() => validateTrainConfig({ dataset: 'mnist' })).toThrow(
      /must be one of: aan, bp-toy, copy, copy-repeat, imdb, listops, pathfinder, pathx, psfmnist, psmnist, rfmnist, rmnist, scifar, scifar-gray, sfmnist, smnist, got "mnist"/,
    );
    expect(() => validateTrainConfig({ seed: 1, jax_seed: 2 })).toThrow(
      /'seed' and 'jax_seed' both set seed/,
    );
    expect(() => validateTrainConfig([1])).toThrow(/expected a mapping/);
  });

  it('accept logNBatches (--log-n-batches) as a non-negative integer', () => {
    expect(DEFAULT_TRAIN_CONFIG.logNBatches).toBe(0);
    expect(normalizeConfigLayer({ log_n_batches: 20 }, 'config file a.yaml')).toEqual({
      logNBatches: 20,
    });
    expect(configLayerFromFlags({ 'log-n-batches': '5' })).toEqual({ logNBatches: 5 });
    expect(() => validateTrainConfig({ log_n_batches: -1 })).toThrow(
      /key 'log_n_batches' must be an integer >= 0, got -1/,
    );
    expect(() => parseFlagValue('logNBatches', '2.5', 'log-n-batches')).toThrow(
      /flag --log-n-batches must be an integer >= 0, got 2.5/,
    );
    expect(configFlagHelp()).toMatch(
      /--log-n-batches <integer >= 0>\n.*\(default 0; reference 20\)/,
    );
  });

  it('check cross-key consistency', () => {
    expect(() => resolveTrainConfig({ rMin: 0.9, rMax: 0.5 })).toThrow(
      /rMin \(0\.9\) must be smaller than rMax/,
    );
    expect(() => resolveTrainConfig({ trainingMode: 'bptt', execution: 'streaming' })).toThrow(
      /rule 'bptt' needs the whole sequence before it can form a gradient: use execution 'sequence'/,
    );
    expect(() => resolveTrainConfig({ mode: 'pool' })).toThrow(/online rules cannot use it/);
    expect(resolveTrainConfig({ mode: 'pool', trainingMode: 'bptt' }).mode).toBe('pool');
    try {
      resolveTrainConfig({ warmupEnd: 50, epochs: 2 });
    } catch (error) {
      expect(ConfigError.isInstance(error) && error.key).toBe('warmupEnd');
    }
  });

  it('give the GRU and the LSTM dHidden = dModel unless dHidden is given, as olrd stream does', () => {
    // snap1: online_full needs the LRU (online_full is snap1 on a diagonal recurrence).
    const rule = { trainingMode: 'snap1' } as const;
    expect(resolveTrainConfig({ ...rule, layerCls: 'GRU', dModel: 8 }).dHidden).toBe(8);
    expect(resolveTrainConfig({ ...rule, layerCls: 'LSTM' }, { dModel: 12 }).dHidden).toBe(12);
    expect(resolveTrainConfig({ ...rule, layerCls: 'RNN', dModel: 8 }).dHidden).toBe(
      DEFAULT_TRAIN_CONFIG.dHidden,
    );
    expect(resolveTrainConfig({ ...rule, layerCls: 'GRU', dModel: 8, dHidden: 8 }).dHidden).toBe(8);
    // A dHidden that was given is kept, and the cell says why it cannot be.
    expect(() => resolveTrainConfig({ ...rule, layerCls: 'GRU', dModel: 8, dHidden: 4 })).toThrow(
      "model config: the GRU's output is its state, so dHidden (4) must equal dModel (8)",
    );
  });

  it('resolve later layers over earlier ones over the defaults', () => {
    const config = resolveTrainConfig({ bsz: 8, epochs: 3 }, { bsz: 4 });
    expect(config.bsz).toBe(4);
    expect(config.epochs).toBe(3);
    expect(config.dModel).toBe(DEFAULT_TRAIN_CONFIG.dModel);
  });
});

describe('config text', () => {
  it('parses YAML and JSON', () => {
    expect(parseConfigText('bsz: 4\nlr_base: 1e-3\nprenorm: false\n', 'yaml', 'a')).toEqual({
      bsz: 4,
      lrBase: 0.001,
      prenorm: false,
    });
    expect(parseConfigText('{"nLayers": 3}', 'auto', 'b')).toEqual({ nLayers: 3 });
    expect(parseConfigText('', 'yaml', 'c')).toEqual({});
  });

  it('reports syntax errors with the source', () => {
    expect(() => parseConfigText('{"bsz": }', 'json', 'config file x.json')).toThrow(
      /config file x\.json: not valid JSON/,
    );
    expect(() => parseConfigText('bsz: [1,', 'yaml', 'config file x.yaml')).toThrow(
      /not valid YAML/,
    );
  });
});

describe('config flags', () => {
  it('parse values strictly', () => {
    expect(parseFlagValue('bsz', '16', 'bsz')).toBe(16);
    expect(parseFlagValue('lrBase', '1e-3', 'lr-base')).toBe(0.001);
    expect(parseFlagValue('prenorm', 'false', 'prenorm')).toBe(false);
    expect(() => parseFlagValue('prenorm', 'False', 'prenorm')).toThrow(
      /flag --prenorm must be true or false, got 'False'/,
    );
    expect(() => parseFlagValue('bsz', '3.5', 'bsz')).toThrow(
      /flag --bsz must be an integer >= 1, got 3.5/,
    );
    expect(() => parseFlagValue('bsz', '12abc', 'bsz')).toThrow(/got '12abc'/);
    expect(() => parseFlagValue('lrBase', '', 'lr-base')).toThrow(
      /flag --lr-base must be a number > 0/,
    );
    expect(() => parseFlagValue('trainingMode', 'x', 'rule')).toThrow(
      /flag --rule must be one of: bptt/,
    );
  });

  it('show a number too large to be finite as it was typed', () => {
    expect(() => parseFlagValue('lrBase', '1e999', 'lr-base')).toThrow(
      "flag --lr-base must be a number > 0, got '1e999', which is not a finite number",
    );
    expect(() => parseFlagValue('gamma', '-1e999', 'gamma')).toThrow(/got '-1e999', which is not/);
    // YAML's .inf reaches the same check as a number: it is named, not shown as null.
    expect(() => parseConfigText('lr_base: .inf\n', 'yaml', 'config file a.yaml')).toThrow(
      "config file a.yaml: key 'lr_base' must be a number > 0, got Infinity, which is not a finite number",
    );
  });

  it('map kebab-case flags and aliases onto config keys', () => {
    expect(
      configLayerFromFlags({
        'jax-seed': '7',
        rule: 'bptt',
        'copy-pattern-length': '5',
        config: 'ignored',
      }),
    ).toEqual({ seed: 7, trainingMode: 'bptt', copyPatternLength: 5 });
    expect(() => configLayerFromFlags({ seed: '1', 'jax-seed': '2' })).toThrow(
      /flags --seed and --jax-seed both set seed/,
    );
  });

  it("suggest the key that olrd stream's spelling means", () => {
    expect(spellingHint('lr')).toBe('lrBase');
    expect(spellingHint('--lr')).toBe('lrBase');
    expect(spellingHint('batch-size')).toBe('bsz');
    expect(spellingHint('batch_size')).toBe('bsz');
    expect(spellingHint('steps')).toBe('maxSteps');
    expect(spellingHint('lr-base')).toBeUndefined();
    expect(() => normalizeConfigLayer({ lr: 0.1 }, 'config file a.yaml')).toThrow(
      "config file a.yaml: unknown key 'lr' (did you mean lrBase?)",
    );
  });

  it('document every flag in the help text', () => {
    const help = configFlagHelp();
    for (const flag of [
      '--copy-pattern-length',
      '--jax-seed',
      '--training-mode',
      '--rule',
      '--lr-base',
      '--opt-config',
    ]) {
      expect(help).toContain(flag);
    }
    expect(help).toMatch(/--bsz <integer >= 1>\n\s+micro-batch size \(default 32; reference 64\)/);
  });
});
