/**
 * Parameter initialisation and the expected name → shape table of the stacked model (spec 0).
 */
import { tf } from '@olrd/tensor';
import { lecunNormal } from './dense.js';
import { cellOf } from './cells/index.js';
import { validateModelConfig, type ModelConfig } from './model-config.js';
import type { Params } from './params.js';
import { childSeed, uniformGenerator } from './random.js';

/** Which GLU dense layers the activation uses. */
function gluNames(config: ModelConfig): string[] {
  if (config.activation === 'full_glu') return ['out1', 'out2'];
  if (config.activation === 'half_glu1' || config.activation === 'half_glu2') return ['out2'];
  return [];
}

/** Every parameter name of the model with its shape, in a stable order. */
export function paramShapes(config: ModelConfig): Record<string, number[]> {
  const { dInput, dModel: H, dHidden: N } = config;
  const shapes: Record<string, number[]> = { 'encoder.kernel': [dInput, H], 'encoder.bias': [H] };
  for (let i = 0; i < config.nLayers; i++) {
    const p = `layers.${i}.`;
    shapes[`${p}norm.scale`] = [H];
    shapes[`${p}norm.bias`] = [H];
    const cellShapes = cellOf(config.layerCls).paramShapes({ width: H, units: N });
    for (const [name, shape] of Object.entries(cellShapes)) shapes[`${p}rec.${name}`] = shape;
    for (const name of gluNames(config)) {
      shapes[`${p}glu.${name}.kernel`] = [H, H];
      shapes[`${p}glu.${name}.bias`] = [H];
    }
    if (config.synthesiser === true) {
      const size = cellOf(config.layerCls).components * N;
      shapes[`${p}synth.kernel`] = [size, size];
      shapes[`${p}synth.bias`] = [size];
    }
  }
  if (config.retrieval === true) {
    shapes['decoder.hidden.kernel'] = [4 * H, H];
    shapes['decoder.hidden.bias'] = [H];
  }
  shapes['decoder.kernel'] = [H, config.nClasses * config.multidim];
  shapes['decoder.bias'] = [config.nClasses * config.multidim];
  return shapes;
}

/**
 * Fresh parameters for `config`, deterministic in `seed` and identical on every backend.
 * Dense kernels: LeCun normal, biases 0; LayerNorm: scale 1, bias 0; cells: their own init
 * (LRU spec 1 §1.2, RNN §2.1, GRU §2.2, LSTM spec 2 §8).
 *
 * @example
 * ```ts
 * const params = initParams({ ...defaultArchitecture, dInput: 8, dModel: 32, dHidden: 16,
 *   nLayers: 2, nClasses: 2, multidim: 7 }, 0);
 * ```
 */
export function initParams(config: ModelConfig, seed: number): Params {
  validateModelConfig(config);
  const H = config.dModel;
  const params: Params = {};
  const denseLayer = (name: string, fanIn: number, fanOut: number): void => {
    params[`${name}.kernel`] = tf.tensor2d(
      lecunNormal(uniformGenerator(childSeed(seed, name)), fanIn, fanOut),
      [fanIn, fanOut],
    );
    params[`${name}.bias`] = tf.zeros([fanOut]);
  };
  denseLayer('encoder', config.dInput, H);
  for (let i = 0; i < config.nLayers; i++) {
    const p = `layers.${i}.`;
    params[`${p}norm.scale`] = tf.ones([H]);
    params[`${p}norm.bias`] = tf.zeros([H]);
    const rec = cellOf(config.layerCls).init(
      uniformGenerator(childSeed(seed, `${p}rec`)),
      { width: H, units: config.dHidden },
      config,
    );
    for (const [name, tensor] of Object.entries(rec)) params[`${p}rec.${name}`] = tensor;
    for (const name of gluNames(config)) denseLayer(`${p}glu.${name}`, H, H);
    if (config.synthesiser === true) {
      // Zero, as in Jaderberg et al. and BP(λ): the first synthetic gradients are 0.
      const size = cellOf(config.layerCls).components * config.dHidden;
      params[`${p}synth.kernel`] = tf.zeros([size, size]);
      params[`${p}synth.bias`] = tf.zeros([size]);
    }
  }
  if (config.retrieval === true) denseLayer('decoder.hidden', 4 * H, H);
  denseLayer('decoder', H, config.nClasses * config.multidim);
  // Return in the stable order of paramShapes so checkpoints list names consistently.
  const ordered: Params = {};
  for (const name of Object.keys(paramShapes(config))) ordered[name] = params[name] as tf.Tensor;
  return ordered;
}

/**
 * Infers the sizes (dInput, dModel, dHidden, nLayers, nClasses·multidim) from a name → shape
 * table, e.g. a checkpoint's, and merges the architecture choices from `base`. With
 * `base.loss === 'mse'` every decoder output is a head (nClasses 1). Throws naming the tensor
 * when a required one is missing.
 */
export function inferModelConfig(
  shapes: Record<string, readonly number[]>,
  base: Partial<ModelConfig> &
    Pick<
      ModelConfig,
      'layerCls' | 'activation' | 'prenorm' | 'mode' | 'pDropout' | 'rMin' | 'rMax' | 'maxPhase'
    >,
): ModelConfig {
  const need = (name: string): readonly number[] => {
    const shape = shapes[name];
    if (shape === undefined) throw new Error(`cannot infer the model: tensor '${name}' is missing`);
    return shape;
  };
  const [dInput, dModel] = need('encoder.kernel') as [number, number];
  const [unitsName, unitsAxis] = cellOf(base.layerCls).unitsParam;
  const dHidden = need(`layers.0.rec.${unitsName}`)[unitsAxis] as number;
  let nLayers = 0;
  while (shapes[`layers.${nLayers}.rec.${unitsName}`] !== undefined) nLayers++;
  const outputs = need('decoder.kernel')[1] as number;
  // A regression readout has one output per head, so its outputs are its heads.
  const mse = base.loss === 'mse';
  const multidim = base.multidim ?? (mse ? outputs : 1);
  if (mse && outputs !== multidim) {
    throw new Error(
      `decoder.kernel has ${outputs} outputs, but an mse readout with multidim=${multidim} has ${multidim}`,
    );
  }
  if (outputs % multidim !== 0) {
    throw new Error(
      `decoder.kernel has ${outputs} outputs, not a multiple of multidim=${multidim}`,
    );
  }
  return validateModelConfig({
    ...base,
    ...(shapes['decoder.hidden.kernel'] === undefined ? {} : { retrieval: true }),
    ...(shapes['layers.0.synth.kernel'] === undefined ? {} : { synthesiser: true }),
    dInput,
    dModel,
    dHidden,
    nLayers,
    nClasses: outputs / multidim,
    multidim,
  } as ModelConfig);
}
