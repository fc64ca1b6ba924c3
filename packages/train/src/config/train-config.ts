/**
 * `TrainConfig`: every knob of a training run, flat, one field per CLI flag (spec 5 lesson 12).
 * Names mirror the reference's flags (spec 1 §5.4) in camelCase. `DEFAULT_TRAIN_CONFIG` is the one
 * source of truth for defaults: the quick-start run (`olrd train` with no flags);
 * `experiments/copy/quickstart.yaml` mirrors it and a test keeps the two equal.
 */
import type { Activation, LayerClass, PoolingMode, RnnActivation } from '@olrd/core';
import type { Execution, RuleName } from '@olrd/rules';
import type { BackendName } from '@olrd/tensor';

/** Optimiser parameter groups (spec 1 §5.1). */
export type OptConfig = 'standard' | 'Bdecay' | 'Bfast_and_decay';
/** All {@link OptConfig} values. */
export const OPT_CONFIGS: readonly OptConfig[] = ['standard', 'Bdecay', 'Bfast_and_decay'];

/**
 * Learning-rate schedule variant.
 * - `rebased` (default, olrd): warmup then a cosine that starts at the end of warmup, and step s
 *   uses lr(s) (the first step uses the smallest warmup rate).
 * - `reference`: the reference's quirks, for exact reproduction: the cosine counter is not reset
 *   after warmup and the rate is set after each step (the first step uses the full base rate).
 */
export type LrSchedule = 'rebased' | 'reference';
/** All {@link LrSchedule} values. */
export const LR_SCHEDULES: readonly LrSchedule[] = ['rebased', 'reference'];

/** psMNIST pixel permutation (spec 3): the reference's bit-reversal, or a seeded random one. */
export type PermutationChoice = 'bit-reversal' | 'random';
/** All {@link PermutationChoice} values. */
export const PERMUTATION_CHOICES: readonly PermutationChoice[] = ['bit-reversal', 'random'];

/** Pathfinder / Path-X difficulty level (the LRA folder names), easiest first. */
export type PathfinderLevelChoice =
  'curv_baseline' | 'curv_contour_length_9' | 'curv_contour_length_14';
/** All {@link PathfinderLevelChoice} values. */
export const PATHFINDER_LEVEL_CHOICES: readonly PathfinderLevelChoice[] = [
  'curv_baseline',
  'curv_contour_length_9',
  'curv_contour_length_14',
];

/** Where Pathfinder / Path-X come from: the LRA PNG files, or the seeded generator (no download). */
export type PathfinderSourceChoice = 'files' | 'generator';
/** All {@link PathfinderSourceChoice} values. */
export const PATHFINDER_SOURCE_CHOICES: readonly PathfinderSourceChoice[] = ['files', 'generator'];

/** Where ListOps comes from: the LRA TSV files, or the LRA-grammar generator (no download). */
export type ListOpsSourceChoice = 'files' | 'generator';
/** All {@link ListOpsSourceChoice} values. */
export const LISTOPS_SOURCE_CHOICES: readonly ListOpsSourceChoice[] = ['files', 'generator'];

/** Backend names a user can type (spec 0, `@olrd/tensor`'s `BackendName`); `auto` picks the fastest. */
export type BackendChoice = BackendName;
/** All {@link BackendChoice} values. */
export const BACKEND_CHOICES: readonly BackendChoice[] = [
  'auto',
  'cpu',
  'wasm',
  'webgpu',
  'webgl',
  'cuda',
  'tensorflow',
] satisfies readonly BackendName[];

/** A complete, validated training configuration. */
export interface TrainConfig {
  /** Dataset registry name (`copy`). CLI `--dataset`, alias `--task`. */
  dataset: string;
  /** Copy task pattern length P; T = 2P + 8. */
  copyPatternLength: number;
  /** Copy task training sequences. */
  copyTrainSamples: number;
  /** Copy task validation sequences. */
  copyValSamples: number;
  /** Copy task test sequences. */
  copyTestSamples: number;
  /** Seed of the generated data; independent of `seed`, as in the reference. */
  dataSeed: number;
  /** Data folder of file-backed tasks ('' = $OLRD_DATA_DIR or the user cache folder). */
  dataDir: string;
  /** Sequence length T of tasks with a `seqLength` option (bp-toy); 0 = the task's default. */
  seqLength: number;
  /**
   * bp-toy's number of patterns (0 = its default, 1, the reference's): with one the target is a
   * constant and the readout alone solves it, so the plastic toy (Figure 3) needs more.
   */
  toyPoints: number;
  /** Train on at most this many sequences of the training split, a seeded subset (0 = all). */
  maxTrainSamples: number;
  /** Evaluate on at most this many val and test sequences each (0 = all). */
  maxEvalSamples: number;
  /** psMNIST / psFMNIST pixel permutation. */
  permutation: PermutationChoice;
  /** Pathfinder / Path-X difficulty. */
  pathfinderLevel: PathfinderLevelChoice;
  /** Pathfinder / Path-X source. */
  pathfinderSource: PathfinderSourceChoice;
  /** Pathfinder / Path-X image side (32, 64, 128; 64 from the generator only); 0 = the task's own. */
  pathfinderResolution: number;
  /** ListOps source. */
  listopsSource: ListOpsSourceChoice;
  /** Seed of parameter init, shuffling and dropout. CLI `--seed`, alias `--jax-seed`. */
  seed: number;
  layerCls: LayerClass;
  /** ρ of the `RNN` cell (linear, tanh, relu). CLI `--rnn-activation`. */
  rnnActivation: RnnActivation;
  /**
   * Token-pair tasks (AAN): the two-tower retrieval head (true) or the pair read as one
   * concatenated sequence (false).
   */
  retrieval: boolean;
  nLayers: number;
  /** H: model width. */
  dModel: number;
  /** N: complex state units per LRU. */
  dHidden: number;
  /** Pooling: `none` predicts at every step (copy task); `pool_st` for classification. */
  mode: PoolingMode;
  activationFn: Activation;
  prenorm: boolean;
  /** Learning rule. CLI `--training-mode`, alias `--rule`. */
  trainingMode: RuleName;
  /** `sequence` (whole sequences, fast) or `streaming` (step by step, memory flat in T). */
  execution: Execution;
  /** `tbptt`: steps per chunk. */
  truncation: number;
  /** `rtrl`: bound on its sensitivity matrices, MiB. */
  maxSensitivityMib: number;
  /** BP(λ) (spec 2 §9): γ, λ, the synthetic gradient's weight s and the synthesisers' lr. */
  gamma: number;
  lambda: number;
  sgWeight: number;
  synthLr: number;
  /** Train only the synthesisers, the model fixed (BP(λ)'s fixed-RNN setting, spec 2 §8). */
  freezeModel: boolean;
  rMin: number;
  rMax: number;
  /** Largest initial phase θ (the reference hard-wires 6.28). */
  maxPhase: number;
  /** Micro-batch size (sequences per gradient computation), as the reference's `--bsz`. */
  bsz: number;
  /** Micro-batches averaged per optimiser update (optax MultiSteps); effective batch = bsz × this. */
  nAccumulationSteps: number;
  epochs: number;
  /** Stop after this many micro-batch steps in total (0 = no limit). For smoke tests. */
  maxSteps: number;
  /** Epochs without a val-loss improvement before stopping. */
  earlyStopPatience: number;
  /** Base learning rate. */
  lrBase: number;
  /** rec_lr = lrFactor × lrBase for the recurrent group (spec 1 §5.1). */
  lrFactor: number;
  /** Final learning rate of the cosine. */
  lrMin: number;
  cosineAnneal: boolean;
  /** Warmup length in epochs (fractional values allowed). */
  warmupEnd: number;
  lrSchedule: LrSchedule;
  pDropout: number;
  weightDecay: number;
  optConfig: OptConfig;
  /**
   * Apply weight decay to LayerNorm scale/bias. Default false: the reference's stated intent
   * (it puts `norm` in its no-decay set), which its code never achieved because the leaves are
   * named scale/bias. Set true to reproduce the reference's actual behaviour.
   */
  normWeightDecay: boolean;
  /** Clip the (averaged) gradient to this global L2 norm before the optimiser (0 = off). */
  clipGradNorm: number;
  /** Evaluation batch size (0 = same as `bsz`). */
  evalBsz: number;
  /** Emit a metrics event every this many training steps (0 = per epoch only). */
  logEvery: number;
  /**
   * On the first this many batches of each epoch, also compute the BPTT gradient on the same batch
   * (same parameters, same dropout masks) and log its alignment with the rule's gradient
   * (spec 1 §4.6, Figure 2). 0 = off; ignored, with a notice, when the rule is bptt.
   */
  logNBatches: number;
  /** Tensor backend: `auto` picks the fastest available. */
  backend: BackendChoice;
  /** Run folder ('' = `runs/<timestamp>-<dataset>-<trainingMode>`). */
  out: string;
}

/**
 * The defaults: the quick-start run. Sizes are small so a laptop CPU trains it in minutes;
 * the choices follow the reference (spec 1 §5.4) except the data/model sizes and `trainingMode`.
 */
export const DEFAULT_TRAIN_CONFIG: Readonly<TrainConfig> = Object.freeze({
  dataset: 'copy',
  copyPatternLength: 10,
  copyTrainSamples: 10000,
  copyValSamples: 500,
  copyTestSamples: 1000,
  dataSeed: 0,
  dataDir: '',
  seqLength: 0,
  toyPoints: 0,
  maxTrainSamples: 0,
  maxEvalSamples: 0,
  permutation: 'bit-reversal',
  pathfinderLevel: 'curv_contour_length_14',
  pathfinderSource: 'files',
  pathfinderResolution: 0,
  listopsSource: 'files',
  seed: 1919,
  layerCls: 'LRU',
  rnnActivation: 'tanh',
  retrieval: true,
  nLayers: 2,
  dModel: 64,
  dHidden: 32,
  mode: 'none',
  activationFn: 'full_glu',
  prenorm: true,
  trainingMode: 'online_full',
  execution: 'sequence',
  truncation: 10,
  maxSensitivityMib: 256,
  gamma: 1,
  lambda: 1,
  sgWeight: 1,
  synthLr: 1e-3,
  freezeModel: false,
  rMin: 0,
  rMax: 1,
  maxPhase: 6.28,
  bsz: 32,
  nAccumulationSteps: 1,
  epochs: 6,
  maxSteps: 0,
  earlyStopPatience: 1000,
  lrBase: 3e-3,
  lrFactor: 0.5,
  lrMin: 0,
  cosineAnneal: true,
  warmupEnd: 0,
  lrSchedule: 'rebased',
  pDropout: 0,
  weightDecay: 0,
  optConfig: 'standard',
  normWeightDecay: false,
  clipGradNorm: 0,
  evalBsz: 0,
  logEvery: 10,
  logNBatches: 0,
  backend: 'auto',
  out: '',
});
