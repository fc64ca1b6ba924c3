/**
 * The schema of {@link TrainConfig}: for each key its type and range, its CLI flag (kebab-case,
 * mirroring the reference's `--snake_case` names), aliases, help text and the reference's default.
 * Validation, flag parsing and `--help` are all generated from this one table.
 */
import { ACTIVATIONS, LAYER_CLASSES, POOLING_MODES, RNN_ACTIVATIONS } from '@olrd/core';
import { datasetNames } from '@olrd/data';
import { EXECUTIONS, RULE_NAMES } from '@olrd/rules';
import {
  BACKEND_CHOICES,
  LISTOPS_SOURCE_CHOICES,
  LR_SCHEDULES,
  OPT_CONFIGS,
  PATHFINDER_LEVEL_CHOICES,
  PATHFINDER_SOURCE_CHOICES,
  PERMUTATION_CHOICES,
  type TrainConfig,
} from './train-config.js';
import type { FieldSpec } from './field-type.js';

export type { FieldSpec, FieldType } from './field-type.js';
export { describeFieldType, enumValues } from './field-type.js';

const positiveInteger = { kind: 'integer', min: 1 } as const;
const positiveNumber = { kind: 'number', min: 0, minExclusive: true } as const;
const nonNegativeNumber = { kind: 'number', min: 0 } as const;

/** The schema, one entry per {@link TrainConfig} key. */
export const CONFIG_FIELDS: { readonly [K in keyof TrainConfig]: FieldSpec } = {
  dataset: {
    type: { kind: 'enum', values: () => datasetNames() },
    group: 'data',
    description: 'dataset (task) name',
    aliases: ['task'],
    reference: 'mnist-classification',
  },
  copyPatternLength: {
    type: positiveInteger,
    group: 'data',
    description: 'copy task pattern length P (T = 2P+8)',
    reference: '10',
  },
  copyTrainSamples: {
    type: positiveInteger,
    group: 'data',
    description: 'copy task training sequences',
    reference: '100000',
  },
  copyValSamples: {
    type: positiveInteger,
    group: 'data',
    description: 'copy task validation sequences',
    reference: '1000',
  },
  copyTestSamples: {
    type: positiveInteger,
    group: 'data',
    description: 'copy task test sequences',
    reference: '1000',
  },
  dataSeed: {
    type: { kind: 'integer', min: 0, max: 4294967295 },
    group: 'data',
    description: 'seed of the generated data (independent of --seed)',
  },
  dataDir: {
    type: { kind: 'string' },
    group: 'data',
    description: "data folder of downloaded tasks ('' = $OLRD_DATA_DIR or ~/.cache/olrd)",
  },
  seqLength: {
    type: { kind: 'integer', min: 0 },
    group: 'data',
    description:
      'sequence length T of tasks that take one (bp-toy, generated listops; 0 = the task default)',
  },
  toyPoints: {
    type: { kind: 'integer', min: 0, max: 1000 },
    group: 'data',
    description:
      'bp-toy: patterns (target points on a circle) to tell apart (0 = the task default, 1)',
  },
  maxTrainSamples: {
    type: { kind: 'integer', min: 0 },
    group: 'data',
    description: 'train on a seeded subset of at most this many sequences (0 = all)',
  },
  maxEvalSamples: {
    type: { kind: 'integer', min: 0 },
    group: 'data',
    description: 'evaluate on at most this many val and test sequences each (0 = all)',
  },
  permutation: {
    type: { kind: 'enum', values: PERMUTATION_CHOICES },
    group: 'data',
    description:
      'psmnist/psfmnist pixel order: the reference bit-reversal or a random one (seeded by --data-seed)',
  },
  pathfinderLevel: {
    type: { kind: 'enum', values: PATHFINDER_LEVEL_CHOICES },
    group: 'data',
    description: 'pathfinder/pathx difficulty',
  },
  pathfinderSource: {
    type: { kind: 'enum', values: PATHFINDER_SOURCE_CHOICES },
    group: 'data',
    description:
      'pathfinder/pathx from the LRA PNG files or the seeded contour generator (no download)',
  },
  pathfinderResolution: {
    type: { kind: 'integer', min: 0, max: 128 },
    group: 'data',
    description:
      'pathfinder/pathx image side 32, 64 or 128 (T = side²; 0 = 32 / 128; others need the generator)',
  },
  listopsSource: {
    type: { kind: 'enum', values: LISTOPS_SOURCE_CHOICES },
    group: 'data',
    description: 'listops from the LRA TSV files or the LRA-grammar generator (no download)',
  },
  seed: {
    type: { kind: 'integer', min: 0, max: 4294967295 },
    group: 'run',
    description: 'seed of init, shuffling and dropout',
    aliases: ['jaxSeed'],
    reference: '1919',
  },
  layerCls: {
    type: { kind: 'enum', values: LAYER_CLASSES },
    group: 'model',
    description: 'recurrent cell (GRU and LSTM need d_hidden = d_model, their default)',
  },
  rnnActivation: {
    type: { kind: 'enum', values: RNN_ACTIVATIONS },
    group: 'model',
    description: "RNN cell: rho in h = A·rho(h) + B·u (the paper's linear RNN: linear)",
    reference: 'tanh',
  },
  retrieval: {
    type: { kind: 'boolean' },
    group: 'model',
    description: 'aan: two-tower retrieval head (true) or the pair as one concatenated sequence',
  },
  nLayers: {
    type: positiveInteger,
    group: 'model',
    description: 'number of sequence layers',
    reference: '6',
  },
  dModel: { type: positiveInteger, group: 'model', description: 'model width H', reference: '128' },
  dHidden: {
    type: positiveInteger,
    group: 'model',
    description: 'complex state units N per LRU',
    reference: '256',
  },
  mode: {
    type: { kind: 'enum', values: POOLING_MODES },
    group: 'model',
    description: 'pooling: none = predict every step; pool_st for classification',
  },
  activationFn: {
    type: { kind: 'enum', values: ACTIVATIONS },
    group: 'model',
    description: 'block after the recurrence',
  },
  prenorm: {
    type: { kind: 'boolean' },
    group: 'model',
    description: 'LayerNorm before the recurrence (true) or after the residual (false)',
  },
  rMin: {
    type: { kind: 'number', min: 0, max: 1, maxExclusive: true },
    group: 'model',
    description: 'smallest initial |lambda|',
  },
  rMax: {
    type: { kind: 'number', min: 0, max: 1, minExclusive: true },
    group: 'model',
    description: 'largest initial |lambda|',
  },
  maxPhase: {
    type: positiveNumber,
    group: 'model',
    description: 'largest initial phase theta (reference: hard-wired 6.28)',
  },
  pDropout: {
    type: { kind: 'number', min: 0, max: 1, maxExclusive: true },
    group: 'model',
    description: 'dropout rate (mask shared across time)',
    reference: '0.1',
  },
  trainingMode: {
    type: { kind: 'enum', values: RULE_NAMES },
    group: 'learning rule',
    description: 'learning rule',
    aliases: ['rule'],
    reference: 'bptt',
  },
  execution: {
    type: { kind: 'enum', values: EXECUTIONS },
    group: 'learning rule',
    description: 'sequence (whole sequences) or streaming (step by step)',
  },
  truncation: {
    type: positiveInteger,
    group: 'learning rule',
    description: 'tbptt, dni: steps per chunk (BPTT within chunks, carry detached between them)',
  },
  maxSensitivityMib: {
    type: positiveNumber,
    group: 'learning rule',
    description: 'rtrl: refuse models whose sensitivity matrices exceed this many MiB',
  },
  gamma: {
    type: { kind: 'number', min: 0, max: 1 },
    group: 'learning rule',
    description: 'bp_lambda: discount γ of later losses in the synthetic gradient',
  },
  lambda: {
    type: { kind: 'number', min: 0, max: 1 },
    group: 'learning rule',
    description: 'bp_lambda: λ of the eligibility traces (0 = one-step bootstrap, 1 = Monte Carlo)',
  },
  sgWeight: {
    type: nonNegativeNumber,
    group: 'learning rule',
    description:
      'bp_lambda, dni: weight s of the synthetic gradient in the learning signal ℓ + s·ĝ',
  },
  synthLr: {
    type: positiveNumber,
    group: 'learning rule',
    description: 'bp_lambda, dni: learning rate of the synthesisers (Adam, same schedule shape)',
  },
  freezeModel: {
    type: { kind: 'boolean' },
    group: 'learning rule',
    description: 'bp_lambda, dni: train only the synthesisers, the model fixed (fixed-RNN toy)',
  },
  bsz: {
    type: positiveInteger,
    group: 'optimisation',
    description: 'micro-batch size',
    reference: '64',
  },
  nAccumulationSteps: {
    type: positiveInteger,
    group: 'optimisation',
    description: 'micro-batches averaged per update (effective batch = bsz x this)',
  },
  epochs: {
    type: positiveInteger,
    group: 'optimisation',
    description: 'training epochs',
    reference: '100',
  },
  maxSteps: {
    type: { kind: 'integer', min: 0 },
    group: 'optimisation',
    description: 'stop after this many micro-batch steps (0 = no limit)',
  },
  earlyStopPatience: {
    type: positiveInteger,
    group: 'optimisation',
    description: 'epochs without val-loss improvement before stopping',
  },
  lrBase: {
    type: positiveNumber,
    group: 'optimisation',
    description: 'base learning rate',
    reference: '0.001',
  },
  lrFactor: {
    type: positiveNumber,
    group: 'optimisation',
    description: 'recurrent-group lr = lr-factor x lr-base',
    reference: '1',
  },
  lrMin: {
    type: nonNegativeNumber,
    group: 'optimisation',
    description: 'final learning rate of the cosine',
  },
  cosineAnneal: {
    type: { kind: 'boolean' },
    group: 'optimisation',
    description: 'cosine decay after warmup (else constant)',
  },
  warmupEnd: {
    type: nonNegativeNumber,
    group: 'optimisation',
    description: 'linear warmup length in epochs',
  },
  lrSchedule: {
    type: { kind: 'enum', values: LR_SCHEDULES },
    group: 'optimisation',
    description:
      'rebased = cosine restarts after warmup, lr set before each step; reference = the reference quirks',
  },
  weightDecay: {
    type: nonNegativeNumber,
    group: 'optimisation',
    description: 'AdamW decoupled weight decay',
    reference: '0.05',
  },
  optConfig: {
    type: { kind: 'enum', values: OPT_CONFIGS },
    group: 'optimisation',
    description: 'parameter groups (spec 1 §5.1)',
  },
  normWeightDecay: {
    type: { kind: 'boolean' },
    group: 'optimisation',
    description:
      'weight-decay LayerNorm params too (the reference does, against its stated intent)',
    reference: 'true (in effect)',
  },
  clipGradNorm: {
    type: nonNegativeNumber,
    group: 'optimisation',
    description: 'clip the gradient to this global norm (0 = off)',
  },
  evalBsz: {
    type: { kind: 'integer', min: 0 },
    group: 'run',
    description: 'evaluation batch size (0 = bsz)',
  },
  logEvery: {
    type: { kind: 'integer', min: 0 },
    group: 'run',
    description: 'metrics event every this many steps (0 = per epoch only)',
  },
  logNBatches: {
    type: { kind: 'integer', min: 0 },
    group: 'run',
    description:
      "log the rule's gradient alignment with BPTT on the first N batches of each epoch (0 = off)",
    reference: '20',
  },
  backend: {
    type: { kind: 'enum', values: BACKEND_CHOICES },
    group: 'run',
    description: 'tensor backend',
  },
  out: {
    type: { kind: 'string' },
    group: 'run',
    description: "run folder ('' = runs/<timestamp>-<dataset>-<rule>)",
  },
};

/** The canonical config keys, in schema order. */
export const CONFIG_KEYS = Object.keys(CONFIG_FIELDS) as Array<keyof TrainConfig>;
