/**
 * The flags of `olrd stream`, as one flag table: the config keys it shares with `olrd train`
 * (the same flag, parser and help, from @olrd/train's field table, with the stream's defaults
 * and its old spellings `--lr` and `--batch-size` kept as aliases), then its stream-only flags
 * in rows of the same shape. A new flag is one row here; `--help`, parsing and validation follow.
 */
import { LEARNER_RULES, type EngineKind } from '@olrd/rules';
import { configFlagTable, defineFlag, flagHelp, type FlagValues } from '@olrd/train';
import { UsageError } from '../cli-errors.js';
import { RUN_FOLDER_FIELDS } from './run-flags.js';

/** The stream to learn on. */
export type StreamTask = 'drift' | 'copy';

const positiveInteger = { kind: 'integer', min: 1 } as const;

/**
 * Config keys with `olrd train`'s flags. The defaults are a small model that learns the
 * drifting stream in seconds; `--lr` and `--batch-size` were this command's names before it
 * shared train's, and stay accepted (train's table keeps them out: there `--lr` could as well
 * mean `--lr-min`).
 */
export const SHARED_FLAGS = configFlagTable(
  [
    'copyPatternLength',
    'layerCls',
    'nLayers',
    'dModel',
    'dHidden',
    'trainingMode',
    'gamma',
    'lambda',
    'sgWeight',
    'synthLr',
    'bsz',
    'lrBase',
    'lrFactor',
    'seed',
    'logEvery',
    'backend',
    'out',
  ],
  {
    copyPatternLength: { default: 5 },
    dModel: { default: 32 },
    dHidden: { default: 16, description: 'complex state units N per LRU (GRU, LSTM: N = H)' },
    trainingMode: {
      // A learner updates as the stream goes, so only the rules with a streaming form.
      type: { kind: 'enum', values: LEARNER_RULES },
      description: 'learning rule (cells other than the LRU default to snap1)',
    },
    bsz: { default: 1, description: 'parallel streams', aliases: ['batchSize'] },
    lrBase: { description: 'Adam learning rate', aliases: ['lr'] },
    // One seed for the stream and the parameters: a stream run has no split to keep fixed.
    seed: { default: 0, description: 'seed of the stream and of the parameters' },
    // A stream has no epochs to log at instead.
    logEvery: {
      type: positiveInteger,
      default: 100,
      description: 'metrics line every this many steps',
    },
    out: {
      description: "run folder ('' = runs/<time>-stream-<task>, made unique)",
    },
  },
  // The reference implementation has no streaming runs whose defaults these would be.
  { references: false },
);

/** Flags only `olrd stream` has. */
export const STREAM_ONLY_FLAGS = {
  task: defineFlag<StreamTask>({
    type: { kind: 'enum', values: ['drift', 'copy'] },
    group: 'data',
    description:
      'drift: delayed recall whose hidden rule switches; copy: copy sequences back to back',
    default: 'drift',
  }),
  steps: defineFlag<number>({
    type: positiveInteger,
    group: 'data',
    description: "stream steps, the stream's total length (raise it with --resume to go on)",
    default: 12000,
  }),
  switchEvery: defineFlag<number>({
    type: positiveInteger,
    group: 'data',
    description: 'drift: steps between rule switches',
    default: 3000,
  }),
  updateEvery: defineFlag<number | 'sequence'>({
    type: { kind: 'custom', text: 'K|sequence', parse: parseUpdateEvery },
    group: 'optimisation',
    description: 'parameter update every K steps, or at the end of each sequence',
    default: 1,
  }),
  engine: defineFlag<EngineKind>({
    type: { kind: 'enum', values: ['auto', 'fused', 'tfjs'] satisfies readonly EngineKind[] },
    group: 'run',
    description: 'streaming engine: fused kernels (the LRU), tfjs (any cell) or auto',
    default: 'auto',
  }),
  window: defineFlag<number>({
    type: positiveInteger,
    group: 'run',
    description: 'prequential window in steps',
    default: 500,
  }),
  ...RUN_FOLDER_FIELDS,
};

/** Every flag of `olrd stream`, by the option it sets. */
export const STREAM_FLAGS = { ...STREAM_ONLY_FLAGS, ...SHARED_FLAGS };

/** The flags' values, as a run's config.json keeps them. */
export type StreamFlagValues = FlagValues<typeof STREAM_FLAGS>;

/** `--update-every`: a whole number of steps ≥ 1, or `sequence`. */
function parseUpdateEvery(text: string, flag: string): number | 'sequence' {
  if (text === 'sequence') return 'sequence';
  const value = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1)
    throw new UsageError(`flag --${flag} must be an integer >= 1 or 'sequence', got '${text}'`);
  return value;
}

/** `olrd stream --help`. */
export function streamHelp(): string {
  return `usage: olrd stream [flags]

Prequential online learning on a generated stream: each step is predicted, scored, then learnt
from (an OnlineLearner with a streaming rule; memory does not grow with the stream). Writes
config.json, metrics.jsonl, prequential.svg, summary.json and learner.safetensors to --out.
Flags are olrd train's where they mean the same (--training-mode, --bsz, --lr-base, the model's);
the old spellings --rule, --batch-size and --lr still work. Booleans take 'true' or 'false'.

  -h, --help   show this help

${flagHelp(STREAM_FLAGS, ['data', 'model', 'learning rule', 'optimisation', 'run', 'run folder'])}
`;
}
