/**
 * Flags of `olrd stream`, parsed and validated into one typed record.
 */
import { LAYER_CLASSES, defaultHiddenSize, type LayerClass } from '@olrd/core';
import { LEARNER_RULES, isLearnerSgRule, type LearnerRuleName } from '@olrd/rules';
import { UsageError } from '../cli-errors.js';
import { parseCommandArgs, type FlagOption } from '../parse-command-args.js';
import {
  RUN_FOLDER_FLAGS,
  checkRunFolderFlags,
  parseCheckpointEvery,
  type CheckpointEvery,
} from './run-flags.js';

/** The resolved options of a streaming run. */
export interface StreamOptions {
  task: 'copy' | 'drift';
  steps: number;
  updateEvery: number | 'sequence';
  rule: LearnerRuleName;
  layerCls: LayerClass;
  engine: 'auto' | 'fused' | 'tfjs';
  backend: string;
  batchSize: number;
  nLayers: number;
  dModel: number;
  dHidden: number;
  lr: number;
  lrFactor: number;
  /** BP(λ) only: γ, λ, s and the synthesisers' Adam rate. */
  gamma: number;
  lambda: number;
  sgWeight: number;
  synthLr: number;
  copyPatternLength: number;
  switchEvery: number;
  seed: number;
  window: number;
  logEvery: number;
  out: string;
  /** The run folder to continue (or a learner.safetensors inside one). */
  resume: string;
  /** Clear a non-empty --out folder first. */
  overwrite: boolean;
  checkpointEvery: CheckpointEvery;
  /** The options the command line set explicitly (the rest are defaults). */
  given: ReadonlyArray<keyof StreamOptions>;
}

export const STREAM_DEFAULTS: StreamOptions = {
  task: 'drift',
  steps: 12000,
  updateEvery: 1,
  rule: 'online_full',
  layerCls: 'LRU',
  engine: 'auto',
  backend: 'auto',
  batchSize: 1,
  nLayers: 2,
  dModel: 32,
  dHidden: 16,
  lr: 3e-3,
  lrFactor: 0.5,
  gamma: 1,
  lambda: 1,
  sgWeight: 1,
  synthLr: 1e-3,
  copyPatternLength: 5,
  switchEvery: 3000,
  seed: 0,
  window: 500,
  logEvery: 100,
  out: '',
  resume: '',
  overwrite: false,
  checkpointEvery: { steps: 0, seconds: 300 },
  given: [],
};

const FLAGS: Record<string, FlagOption> = {
  task: { type: 'string' },
  steps: { type: 'string' },
  'update-every': { type: 'string' },
  rule: { type: 'string' },
  'layer-cls': { type: 'string' },
  engine: { type: 'string' },
  backend: { type: 'string' },
  'batch-size': { type: 'string' },
  'n-layers': { type: 'string' },
  'd-model': { type: 'string' },
  'd-hidden': { type: 'string' },
  lr: { type: 'string' },
  'lr-factor': { type: 'string' },
  gamma: { type: 'string' },
  lambda: { type: 'string' },
  'sg-weight': { type: 'string' },
  'synth-lr': { type: 'string' },
  'copy-pattern-length': { type: 'string' },
  'switch-every': { type: 'string' },
  seed: { type: 'string' },
  window: { type: 'string' },
  'log-every': { type: 'string' },
  out: { type: 'string' },
  ...RUN_FOLDER_FLAGS,
  help: { type: 'boolean', short: 'h' },
};

function integer(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`--${flag} must be an integer ≥ ${min}, got '${text}'`);
  return value;
}

function positive(flag: string, text: string): number {
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0))
    throw new UsageError(`--${flag} must be a positive number, got '${text}'`);
  return value;
}

function unit(flag: string, text: string): number {
  const value = Number(text);
  if (!(Number.isFinite(value) && value >= 0 && value <= 1))
    throw new UsageError(`--${flag} must be a number in [0, 1], got '${text}'`);
  return value;
}

function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text))
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got '${text}'`);
  return text as T;
}

/** Parses `olrd stream` flags; `undefined` after `--help`. */
export function parseStreamOptions(
  args: readonly string[],
  help: () => string,
): StreamOptions | undefined {
  const values = parseCommandArgs(args, FLAGS, 'olrd stream');
  if (values.help) {
    process.stdout.write(help());
    return undefined;
  }
  const text = (flag: string): string | undefined =>
    typeof values[flag] === 'string' ? (values[flag] as string) : undefined;
  checkRunFolderFlags(values);
  const options: StreamOptions = { ...STREAM_DEFAULTS };
  const given: Array<keyof StreamOptions> = [];
  const set = <K extends keyof StreamOptions>(
    flag: string,
    key: K,
    parse: (t: string) => StreamOptions[K],
  ): void => {
    const value = text(flag);
    if (value === undefined) return;
    options[key] = parse(value);
    given.push(key);
  };
  set('task', 'task', (t) => oneOf('task', t, ['copy', 'drift'] as const));
  set('steps', 'steps', (t) => integer('steps', t, 1));
  set('update-every', 'updateEvery', (t) =>
    t === 'sequence' ? 'sequence' : integer('update-every', t, 1),
  );
  set('rule', 'rule', (t) => oneOf('rule', t, LEARNER_RULES));
  set('layer-cls', 'layerCls', (t) => oneOf('layer-cls', t, LAYER_CLASSES));
  set('engine', 'engine', (t) => oneOf('engine', t, ['auto', 'fused', 'tfjs'] as const));
  set('backend', 'backend', (t) => t);
  set('batch-size', 'batchSize', (t) => integer('batch-size', t, 1));
  set('n-layers', 'nLayers', (t) => integer('n-layers', t, 1));
  set('d-model', 'dModel', (t) => integer('d-model', t, 1));
  set('d-hidden', 'dHidden', (t) => integer('d-hidden', t, 1));
  // GRU and LSTM output their state, so N = H unless the user says otherwise (and is then told).
  if (text('d-hidden') === undefined)
    options.dHidden = defaultHiddenSize(options.layerCls, options.dModel, options.dHidden);
  if (options.layerCls !== 'LRU' && options.rule === 'online_full' && text('rule') === undefined)
    options.rule = 'snap1';
  set('lr', 'lr', (t) => positive('lr', t));
  set('lr-factor', 'lrFactor', (t) => positive('lr-factor', t));
  const sgFlags = ['gamma', 'lambda', 'sg-weight', 'synth-lr'].filter((f) => text(f) !== undefined);
  if (sgFlags.length > 0 && !isLearnerSgRule(options.rule))
    throw new UsageError(
      `--${sgFlags[0]} is for the BP(λ) rules (--rule bp_lambda or online_full_bp_lambda), not ${options.rule}`,
    );
  set('gamma', 'gamma', (t) => unit('gamma', t));
  set('lambda', 'lambda', (t) => unit('lambda', t));
  set('sg-weight', 'sgWeight', (t) => {
    const value = Number(t);
    if (!(Number.isFinite(value) && value >= 0))
      throw new UsageError(`--sg-weight must be a number ≥ 0, got '${t}'`);
    return value;
  });
  set('synth-lr', 'synthLr', (t) => positive('synth-lr', t));
  set('copy-pattern-length', 'copyPatternLength', (t) => integer('copy-pattern-length', t, 1));
  set('switch-every', 'switchEvery', (t) => integer('switch-every', t, 1));
  set('seed', 'seed', (t) => integer('seed', t, 0));
  set('window', 'window', (t) => integer('window', t, 1));
  set('log-every', 'logEvery', (t) => integer('log-every', t, 1));
  set('out', 'out', (t) => t);
  set('resume', 'resume', (t) => t);
  set('checkpoint-every', 'checkpointEvery', parseCheckpointEvery);
  options.overwrite = values['overwrite'] === true;
  options.given = given;
  if (options.updateEvery === 'sequence' && options.task === 'drift') {
    throw new UsageError(
      '--update-every sequence needs sequences; the drift stream is one endless sequence: use a number of steps',
    );
  }
  return options;
}
