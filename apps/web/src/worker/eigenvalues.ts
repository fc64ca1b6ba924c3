/**
 * What the recurrence view shows for each cell, cheaply and truthfully:
 * - LRU: its eigenvalues λ = exp(−e^ν + i·e^θ) per layer (the recurrence is diagonal, so these
 *   are exactly the eigenvalues of its Jacobian), for the complex-plane view;
 * - RNN: the spectral radius of A per layer (the Jacobian A·diag(ρ′(h)) has A's eigenvalues when
 *   ρ is linear; with tanh or relu, 0 ≤ ρ′ ≤ 1 scales its columns);
 * - GRU and LSTM: nothing. Their Jacobian depends on the gates at every step and input; its
 *   spectrum would need an eigen-decomposition per step and batch element (the page says so).
 */
import { tf } from '@olrd/tensor';
import { lruLambda, type ModelConfig, type Params } from '@olrd/core';
import { spectralRadius } from './spectral-radius.js';

/** λ of every layer as (re, im) arrays. */
export type Eigenvalues = { re: number[]; im: number[] }[];

/** The recurrence view's figures of one learner (read back asynchronously: every backend). */
export interface RecurrenceView {
  eigenvalues?: Eigenvalues;
  spectralRadius?: number[];
}

/** λ of every LRU layer of `params`. */
export async function eigenvaluesOf(params: Params, config: ModelConfig): Promise<Eigenvalues> {
  const out: Eigenvalues = [];
  for (let layer = 0; layer < config.nLayers; layer++) {
    const p = `layers.${layer}.rec.`;
    const [re, im] = lruLambda(params[`${p}nu`]!, params[`${p}theta`]!);
    const [reValues, imValues] = await Promise.all([re.data(), im.data()]);
    tf.dispose([re, im]);
    out.push({ re: Array.from(reValues), im: Array.from(imValues) });
  }
  return out;
}

/** ρ(A) of every RNN layer of `params`. */
export async function rnnSpectralRadii(params: Params, config: ModelConfig): Promise<number[]> {
  const out: number[] = [];
  for (let layer = 0; layer < config.nLayers; layer++) {
    const a = params[`layers.${layer}.rec.A`];
    if (!a) throw new Error(`RNN layer ${layer} has no parameter A`);
    out.push(spectralRadius(await a.data(), config.dHidden));
  }
  return out;
}

/** The figures of the recurrence view for `config`'s cell. */
export async function recurrenceView(params: Params, config: ModelConfig): Promise<RecurrenceView> {
  if (config.layerCls === 'LRU') return { eigenvalues: await eigenvaluesOf(params, config) };
  if (config.layerCls === 'RNN') return { spectralRadius: await rnnSpectralRadii(params, config) };
  return {};
}
