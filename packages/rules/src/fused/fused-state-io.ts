/**
 * Checkpointing of the fused engine's state as named typed arrays, under the names the tfjs
 * engine uses (so either engine can resume the other's checkpoint). Each array keeps the
 * precision the engine holds it at (Float32 states and traces, Float64 counters, feature sums
 * and accumulators), so a round trip is exact.
 */
import type { EngineArray } from '../streaming-engine.js';
import { namedStateArrays, type FusedState } from './fused-state.js';

/**
 * Copies of every state array, trace and accumulator, the per-element step counters (`counts`)
 * and the global step count (`step`, [1]). The one-step rules hold no traces (their decay is 0,
 * so nothing carries over); for the tfjs engine's sake they export them as zeros.
 */
export function exportFusedState(
  state: FusedState,
  width: number,
  units: number,
): Record<string, EngineArray> {
  const out: Record<string, EngineArray> = { step: new Float64Array([state.step]) };
  const batch = state.steps.length;
  state.layers.forEach((layer, l) => {
    if (layer.traceInputRe.length > 0) return;
    for (const name of ['lambda', 'gamma'])
      for (const part of ['re', 'im'])
        out[`traces.${l}.${name}.${part}`] = new Float32Array(batch * units);
    for (const part of ['re', 'im'])
      out[`traces.${l}.input.${part}`] = new Float32Array(batch * units * width);
  });
  for (const [name, array] of Object.entries(namedStateArrays(state)))
    out[name] = Float64Array.from(array);
  return out;
}

/**
 * Restores what {@link exportFusedState} (or the tfjs engine's `exportState`) returned for the
 * same model, rule and batch size. Entries this engine does not keep are ignored. Throws naming
 * the first missing or mis-sized entry, before changing anything.
 */
export function importFusedState(state: FusedState, saved: Record<string, EngineArray>): void {
  const targets = namedStateArrays(state);
  for (const [name, array] of Object.entries(targets)) {
    const value = saved[name];
    if (value === undefined) throw new Error(`importState: missing '${name}'`);
    if (value.length !== array.length)
      throw new RangeError(
        `importState: '${name}' has ${value.length} values, expected ${array.length}`,
      );
  }
  for (const [name, array] of Object.entries(targets)) {
    const source = saved[name] as EngineArray;
    for (let i = 0; i < source.length; i++) array[i] = source[i]!;
  }
  state.step = saved['step']?.[0] ?? 0;
}
