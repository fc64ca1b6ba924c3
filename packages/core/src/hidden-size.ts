/**
 * The state size N a model gets when the user gives none: one rule for every entry point
 * (`olrd train`, `olrd stream`), so the two commands never disagree about the same flags.
 */
import type { LayerClass } from './model-config.js';

/**
 * Cells whose output is their state (the GRU's h, the LSTM's h): their `validate` requires
 * dHidden = dModel, so any other N is an error, not a choice.
 */
const STATE_IS_OUTPUT: ReadonlySet<LayerClass> = new Set<LayerClass>(['GRU', 'LSTM']);

/**
 * N for a model whose user gave no `dHidden`: H (`dModel`) for the GRU and the LSTM, whose
 * output is their state so N must equal H, and `fallback` (the command's default N) otherwise.
 * A `dHidden` the user did give is kept as it is (and a wrong one is reported by the cell).
 *
 * @param layerCls - the recurrent cell
 * @param dModel - the model width H
 * @param fallback - the default N of the caller (e.g. `DEFAULT_TRAIN_CONFIG.dHidden`)
 */
export function defaultHiddenSize(layerCls: LayerClass, dModel: number, fallback: number): number {
  return STATE_IS_OUTPUT.has(layerCls) ? dModel : fallback;
}
