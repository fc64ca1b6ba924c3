/**
 * The stacked sequence model's configuration (spec 1 §3) and its validation.
 */
import { cellOf } from './cells/index.js';

/** Post-recurrence block of a sequence layer (spec 1 §3.1 step 3). */
export type Activation = 'full_glu' | 'half_glu1' | 'half_glu2' | 'gelu' | 'none';
/** How per-step features become predictions (spec 1 §3.2). */
export type PoolingMode = 'none' | 'last' | 'pool' | 'pool_st';
/** The recurrent cell class (spec 1 §1–2, spec 2 §4.2). */
export type LayerClass = 'LRU' | 'RNN' | 'GRU' | 'LSTM';
/** ρ of the linear RNN (`RNN`): h_t = A·ρ(h_{t−1}) + B·u_t. */
export type RnnActivation = 'linear' | 'tanh' | 'relu';
/**
 * The readout's loss: `cross_entropy` (log-softmax heads over classes, the default) or `mse`
 * (one raw regression output per head, the BP(λ) toy task of spec 2 §9).
 */
export type LossKind = 'cross_entropy' | 'mse';

/** Sizes and architecture of the stacked model; names follow the reference's flags. */
export interface ModelConfig {
  /** Input channels per time step. */
  dInput: number;
  /** H: the model width. */
  dModel: number;
  /** N: complex state units per LRU. */
  dHidden: number;
  nLayers: number;
  /** Classes per output head (1 with `loss: 'mse'`: each head is one real output). */
  nClasses: number;
  /** Independent output heads per step (the copy task: 7 bits; bp-toy: 2 coordinates; else 1). */
  multidim: number;
  /**
   * The readout's loss; absent means `cross_entropy` (so configs and checkpoints written before
   * the field existed keep their meaning). With `mse` the decoder gives `multidim` raw outputs per
   * step, shaped `[…, multidim, 1]` like log-probabilities of one class, so every shape downstream
   * is the same for both losses.
   */
  loss?: LossKind;
  layerCls: LayerClass;
  /**
   * A linear synthesiser per layer, g(s) = s·K + b on the cell state s [k·N] (BP(λ), spec 2):
   * `layers.{i}.synth.kernel` [kN, kN] and `layers.{i}.synth.bias` [kN], zero-initialised. It
   * predicts the future gradient at the state; only the synthetic-gradient rules use and train it
   * (every other rule gives it a zero gradient). Absent = no synthesiser.
   */
  synthesiser?: boolean;
  /** ρ of the `RNN` cell; default `tanh` (the reference's default; the paper's linear RNN uses `linear`). */
  rnnActivation?: RnnActivation;
  activation: Activation;
  /**
   * Two-tower retrieval head (LRA AAN): x holds 2B sequences, the B first documents then the B
   * second ones, encoded by the same layers; pooled features u, v are combined as
   * [u, v, u⊙v, u−v] → dense H → GELU → dense classes. Predictions are per pair (B of them).
   */
  retrieval?: boolean;
  prenorm: boolean;
  mode: PoolingMode;
  pDropout: number;
  rMin: number;
  rMax: number;
  maxPhase: number;
}

export const ACTIVATIONS: readonly Activation[] = [
  'full_glu',
  'half_glu1',
  'half_glu2',
  'gelu',
  'none',
];
export const POOLING_MODES: readonly PoolingMode[] = ['none', 'last', 'pool', 'pool_st'];
export const LAYER_CLASSES: readonly LayerClass[] = ['LRU', 'RNN', 'GRU', 'LSTM'];
export const RNN_ACTIVATIONS: readonly RnnActivation[] = ['linear', 'tanh', 'relu'];
export const LOSS_KINDS: readonly LossKind[] = ['cross_entropy', 'mse'];

/** The loss of `config`, with the default (`cross_entropy`) filled in. */
export function lossKindOf(config: Pick<ModelConfig, 'loss'>): LossKind {
  return config.loss ?? 'cross_entropy';
}

/** Architecture defaults (the reference's CLI defaults for the choices, not for the sizes). */
export const defaultArchitecture = {
  layerCls: 'LRU',
  activation: 'full_glu',
  prenorm: true,
  mode: 'none',
  pDropout: 0.1,
  rMin: 0,
  rMax: 1,
  maxPhase: 6.28,
} as const satisfies Partial<ModelConfig>;

/**
 * Throws a `RangeError` naming the first invalid field of a model configuration and what it
 * accepts.
 */
export function validateModelConfig(config: ModelConfig): ModelConfig {
  const positive = ['dInput', 'dModel', 'dHidden', 'nLayers', 'nClasses', 'multidim'] as const;
  for (const key of positive) {
    const value = config[key];
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`model config: ${key} must be a positive integer, got ${String(value)}`);
    }
  }
  if (!ACTIVATIONS.includes(config.activation)) {
    throw new RangeError(
      `model config: activation must be one of ${ACTIVATIONS.join(', ')}, got ${String(config.activation)}`,
    );
  }
  if (!POOLING_MODES.includes(config.mode)) {
    throw new RangeError(
      `model config: mode must be one of ${POOLING_MODES.join(', ')}, got ${String(config.mode)}`,
    );
  }
  if (!LAYER_CLASSES.includes(config.layerCls)) {
    throw new RangeError(
      `model config: layerCls must be one of ${LAYER_CLASSES.join(', ')}, got ${String(config.layerCls)}`,
    );
  }
  if (config.rnnActivation !== undefined && !RNN_ACTIVATIONS.includes(config.rnnActivation)) {
    throw new RangeError(
      `model config: rnnActivation must be one of ${RNN_ACTIVATIONS.join(', ')}, got ${String(config.rnnActivation)}`,
    );
  }
  if (config.loss !== undefined && !LOSS_KINDS.includes(config.loss)) {
    throw new RangeError(
      `model config: loss must be one of ${LOSS_KINDS.join(', ')}, got ${String(config.loss)}`,
    );
  }
  // One output per head: a regression head has no classes to normalise over.
  if (config.loss === 'mse' && config.nClasses !== 1) {
    throw new RangeError(
      `model config: loss 'mse' gives one real output per head, so nClasses must be 1, got ${config.nClasses}`,
    );
  }
  const cellProblem = cellOf(config.layerCls).validate?.(config);
  if (cellProblem !== undefined) throw new RangeError(`model config: ${cellProblem}`);
  if (config.retrieval === true && config.multidim !== 1) {
    throw new RangeError(
      `model config: the retrieval head predicts one label per pair, so multidim must be 1, got ${config.multidim}`,
    );
  }
  if (!(config.pDropout >= 0 && config.pDropout < 1)) {
    throw new RangeError(`model config: pDropout must be in [0, 1), got ${config.pDropout}`);
  }
  if (!(config.rMin >= 0 && config.rMin < config.rMax && config.rMax <= 1)) {
    throw new RangeError(
      `model config: need 0 ≤ rMin < rMax ≤ 1, got rMin=${config.rMin}, rMax=${config.rMax}`,
    );
  }
  if (!(config.maxPhase > 0)) {
    throw new RangeError(`model config: maxPhase must be > 0, got ${config.maxPhase}`);
  }
  return config;
}
