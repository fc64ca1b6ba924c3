/**
 * The cell registry: a layer's `layerCls` → its {@link Cell}.
 */
import type { LayerClass } from '../model-config.js';
import type { Cell } from '../spec/cell.js';
import { gruCell } from './gru-cell.js';
import { lruCell } from './lru-cell.js';
import { lstmCell } from './lstm-cell.js';
import { rnnCell } from './rnn-cell.js';

const CELLS: Record<LayerClass, Cell> = {
  LRU: lruCell,
  RNN: rnnCell,
  GRU: gruCell,
  LSTM: lstmCell,
};

/** The cell of a layer class. */
export function cellOf(layerCls: LayerClass): Cell {
  const cell = CELLS[layerCls];
  if (cell === undefined) {
    throw new RangeError(
      `unknown layer class '${String(layerCls)}': use one of ${Object.keys(CELLS).join(', ')}`,
    );
  }
  return cell;
}

export type { Cell, CellSizes } from '../spec/cell.js';
export { cellStep, loopScan, stateComponents } from './cell-step.js';
export { gruCell, lruCell, lstmCell, rnnCell };
export { fromLruRecurrence } from './lru-cell.js';
