/**
 * What depends on the task on the page: the settings a task can run with (the drifting stream
 * has no place for BPTT or sequence execution) and what the charts are called.
 */
import { DRIFT_WINDOW, type RunSettings, type WebTask } from '../protocol.js';

/**
 * `settings` switched to `task`. On the drifting stream, a bptt rule becomes online_full (first)
 * or is dropped (second): an endless sequence cannot be backpropagated through.
 */
export function settingsForTask(settings: RunSettings, task: WebTask): RunSettings {
  if (task !== 'drift') return { ...settings, task };
  const [first, second] = settings.rules;
  const rules: RunSettings['rules'] = [first === 'bptt' || !first ? 'online_full' : first];
  if (second && second !== 'bptt') rules.push(second);
  return { ...settings, task, rules, execution: 'streaming' };
}

/** Titles and axis of the charts for a task. */
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
        x: 'stream step',
      };
    case 'fashion-mnist':
      return {
        loss: 'Loss (per batch, before its update)',
        accuracy: 'Accuracy (per image, at the last row)',
        x: 'step',
      };
    case 'listops':
      return {
        loss: 'Loss (per batch, before its update)',
        accuracy: 'Accuracy (per expression, at its last token)',
        x: 'step',
      };
    default:
      return { loss: 'Loss (per batch, before its update)', accuracy: 'Bit accuracy', x: 'step' };
  }
}

/** "N=3 R=2 (T=11)" for a copy-repeat level. */
export function describeLevel(level: Readonly<Record<string, number>>): string {
  return `N=${level['patternLength']} R=${level['repeats']} (T=${level['seqLength']})`;
}
