/** The LRU eigenvalues λ = exp(−e^ν + i·e^θ) of every layer, for the eigenvalue view. */
import { tf } from '@olrd/tensor';
import { lruLambda, type ModelConfig, type Params } from '@olrd/core';

/** λ of every layer as (re, im) arrays. */
export type Eigenvalues = { re: number[]; im: number[] }[];

/** λ of every layer of `params`, read back asynchronously (every backend). */
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
