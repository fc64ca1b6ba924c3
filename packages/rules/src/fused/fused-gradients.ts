/**
 * The fused engine's accumulated gradient as spec-0 named arrays: spatial accumulators as they
 * are, and the recurrent parameters from ∂L/∂λ, ∂L/∂γ and ∂L/∂B through
 * λ = exp(−e^nu + i·e^theta) and γ = e^gamma_log at the current parameters (as
 * `lruTraceGradients`).
 */
import { lruLambdaVjpAt, paramShapes, type ModelConfig } from '@olrd/core';
import type { FusedParams } from './fused-params.js';
import type { FusedState } from './fused-state.js';
import type { Vec } from './fused-vec.js';

/** A float32 copy of `values` (an explicit loop: `Float32Array.from` iterates, several times slower). */
function toFloat32(values: Vec): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]!;
  return out;
}

/** Fresh Float32Arrays for every parameter of `config`, in the order of `names`. */
export function fusedGradients(
  params: FusedParams,
  state: FusedState,
  config: ModelConfig,
  names: readonly string[] = Object.keys(paramShapes(config)),
): Record<string, Float32Array> {
  const recurrent: Record<string, Float32Array> = {};
  const units = config.dHidden;
  state.layers.forEach((layer, i) => {
    const p = params.layers[i]!;
    const nu = new Float32Array(units);
    const theta = new Float32Array(units);
    const gammaLog = new Float32Array(units);
    for (let j = 0; j < units; j++) {
      const [dNu, dTheta] = lruLambdaVjpAt(
        p.nu[j]!,
        p.theta[j]!,
        layer.gradLambdaRe[j]!,
        layer.gradLambdaIm[j]!,
        p.lambdaRe[j]!,
        p.lambdaIm[j]!,
      );
      nu[j] = dNu;
      theta[j] = dTheta;
      gammaLog[j] = p.gamma[j]! * layer.gradGamma[j]!;
    }
    const prefix = `layers.${i}.rec.`;
    recurrent[`${prefix}nu`] = nu;
    recurrent[`${prefix}theta`] = theta;
    recurrent[`${prefix}gamma_log`] = gammaLog;
    recurrent[`${prefix}B_re`] = toFloat32(layer.gradInputRe);
    recurrent[`${prefix}B_im`] = toFloat32(layer.gradInputIm);
  });
  const out: Record<string, Float32Array> = {};
  for (const name of names) {
    const spatial = state.spatial[name];
    const value = recurrent[name] ?? (spatial === undefined ? undefined : toFloat32(spatial));
    if (value === undefined) throw new Error(`fused engine: no gradient for '${name}'`);
    out[name] = value;
  }
  return out;
}
