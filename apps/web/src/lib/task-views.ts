/**
 * What depends on the task and the cell on the page: the settings they can run with (the
 * drifting stream has no place for whole-sequence rules; GRU and LSTM tie N to H) and what the
 * charts are called.
 */
import { DRIFT_WINDOW, type RunSettings, type WebTask } from '../protocol.js';
import { fitSettings } from './rule-choices.js';

/**
 * `settings` switched to `task`. On the drifting stream, a rule that needs whole sequences (bptt,
 * tbptt, rtrl) becomes an online rule (first) or is dropped (second), and execution is streaming.
 */
export function settingsForTask(settings: RunSettings, task: WebTask): RunSettings {
  return fitSettings({ ...settings, task });
}

/** `settings` switched to `layerCls`: rules that need the LRU replaced, N = H for GRU and LSTM. */
export function settingsForCell(settings: RunSettings, layerCls: RunSettings['layerCls']) {
  return fitSettings({ ...settings, layerCls });
}

/** `settings` with model width `dModel` (N follows for GRU and LSTM). */
export function settingsForWidth(settings: RunSettings, dModel: number): RunSettings {
  return fitSettings({ ...settings, dModel });
}

/** The loss charts' y axis: the models' losses are cross-entropies in natural log. */
export const LOSS_AXIS = 'loss (nats)';
/** The accuracy charts' y axis (the page shows accuracies ×100). */
export const ACCURACY_AXIS = 'accuracy (%)';

/** Titles of the charts for a task, and their x axis with its unit. */
export function chartLabels(task: WebTask | undefined): {
  loss: string;
  accuracy: string;
  x: string;
} {
  switch (task) {
    case 'drift':
      return {
        loss: `Prequential loss (last ${DRIFT_WINDOW} stream steps)`,
        accuracy: `Prequential accuracy (last ${DRIFT_WINDOW} stream steps)`,
        x: 'stream step (tokens per stream)',
      };
    case 'fashion-mnist':
      return {
        loss: 'Loss (per batch, before its update)',
        accuracy: 'Accuracy (per image, at the last row)',
        x: 'step (batches)',
      };
    case 'listops':
      return {
        loss: 'Loss (per batch, before its update)',
        accuracy: 'Accuracy (per expression, at its last token)',
        x: 'step (batches)',
      };
    default:
      return {
        loss: 'Loss (per batch, before its update)',
        accuracy: 'Bit accuracy',
        x: 'step (batches)',
      };
  }
}

/** "N=3 R=2 (T=11)" for a copy-repeat level. */
export function describeLevel(level: Readonly<Record<string, number>>): string {
  return `N=${level['patternLength']} R=${level['repeats']} (T=${level['seqLength']})`;
}
