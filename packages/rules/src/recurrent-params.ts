/**
 * Which parameters an LRU online rule forms from traces instead of autodiff: the LRU cell's own
 * `recurrentParams` (declared once, in @olrd/core's lru-cell.ts), under `layers.{i}.rec.`.
 */
import { cellOf } from '@olrd/core';

const LRU_RECURRENT = new Set(cellOf('LRU').recurrentParams);

/** True for `layers.{i}.rec.<p>` with p one of the LRU's recurrent parameters. */
export function isRecurrentParam(name: string): boolean {
  const match = /\.rec\.([^.]+)$/.exec(name);
  return match !== null && LRU_RECURRENT.has(match[1] as string);
}
