/**
 * The settings form as data: each field of `RunSettings` with the label the form shows, its
 * default and what values it takes. The form reads its labels here, the page checks settings
 * here before a run starts, and the link/localStorage codec (settings-codec.ts) parses through
 * it, so a problem is always told in the form's words ("d_model (H) must be a positive integer"),
 * never by the internal name (`dModel`).
 */
import { EXECUTIONS, RULE_NAMES, type RuleName } from '@olrd/rules/names';
import {
  WEB_BACKENDS,
  WEB_CELLS,
  WEB_RNN_ACTIVATIONS,
  WEB_TASKS,
  type RunSettings,
} from '../protocol.js';

/** What a field takes: an integer ≥ `min`, a positive number, one of `values`, or 1–2 rules. */
export type FieldKind =
  | { type: 'integer'; min: 0 | 1 | 4 }
  | { type: 'positive' }
  | { type: 'choice'; values: readonly string[] }
  | { type: 'rules' };

/** One field of the settings form. */
export interface SettingsField {
  /** The label the form shows (dynamic parts such as "(T = 28)" left out). */
  label: string;
  kind: FieldKind;
}

/** The page's settings when nothing is stored and the link names nothing. */
export const DEFAULT_SETTINGS: Readonly<RunSettings> = {
  task: 'copy',
  patternLength: 10,
  switchEvery: 1000,
  updateEvery: 1,
  listopsLength: 32,
  layerCls: 'LRU',
  rnnActivation: 'tanh',
  rules: ['online_full', 'bptt'],
  execution: 'streaming',
  truncation: 10,
  maxSensitivityMib: 256,
  backend: 'wasm',
  nLayers: 2,
  dModel: 64,
  dHidden: 32,
  bsz: 32,
  lrBase: 0.003,
  seed: 1919,
  alignEvery: 10,
  maxSteps: 0,
};

const positiveInteger = { type: 'integer', min: 1 } as const;
const countOrZero = { type: 'integer', min: 0 } as const;

/** Every field of `RunSettings`, in the form's order. */
export const SETTINGS_FIELDS: Readonly<Record<keyof RunSettings, SettingsField>> = {
  task: { label: 'Task', kind: { type: 'choice', values: WEB_TASKS.map((t) => t.task) } },
  patternLength: { label: 'Pattern length P', kind: positiveInteger },
  switchEvery: { label: 'Hidden rule switches every (stream steps)', kind: positiveInteger },
  updateEvery: { label: 'Update every (stream steps)', kind: positiveInteger },
  listopsLength: { label: 'Longest expression in tokens', kind: { type: 'integer', min: 4 } },
  layerCls: { label: 'Cell', kind: { type: 'choice', values: WEB_CELLS } },
  rnnActivation: { label: 'ρ of the RNN', kind: { type: 'choice', values: WEB_RNN_ACTIVATIONS } },
  rules: { label: 'Rule', kind: { type: 'rules' } },
  execution: {
    label: 'Execution (every rule but bptt)',
    kind: { type: 'choice', values: EXECUTIONS },
  },
  truncation: { label: 'tbptt, dni: truncation k (steps per chunk)', kind: positiveInteger },
  maxSensitivityMib: { label: 'rtrl: memory bound (MiB of sensitivities)', kind: positiveInteger },
  backend: { label: 'Backend', kind: { type: 'choice', values: WEB_BACKENDS } },
  nLayers: { label: 'Layers', kind: positiveInteger },
  dModel: { label: 'd_model (H)', kind: positiveInteger },
  dHidden: { label: 'd_hidden (N)', kind: positiveInteger },
  bsz: { label: 'Batch (parallel streams on the drifting stream)', kind: positiveInteger },
  lrBase: { label: 'Learning rate', kind: { type: 'positive' } },
  seed: { label: 'Seed', kind: countOrZero },
  alignEvery: { label: 'Compare with BPTT every (steps, 0 = off)', kind: countOrZero },
  maxSteps: {
    label: 'Stop after (steps; stream steps on the stream; 0 = never)',
    kind: countOrZero,
  },
};

/** The keys of `RunSettings`, in the form's order. */
export const SETTINGS_KEYS = Object.keys(SETTINGS_FIELDS) as (keyof RunSettings)[];

/** The form's label of a settings key. */
export function fieldLabel(key: keyof RunSettings): string {
  return SETTINGS_FIELDS[key].label;
}

/** "a positive integer", "one of copy, drift", … */
export function describeKind(kind: FieldKind): string {
  switch (kind.type) {
    case 'integer':
      return kind.min === 1
        ? 'a positive integer'
        : kind.min === 0
          ? 'an integer ≥ 0'
          : `an integer ≥ ${kind.min}`;
    case 'positive':
      return 'a positive number';
    case 'choice':
      return `one of ${kind.values.join(', ')}`;
    case 'rules':
      return `one or two of ${RULE_NAMES.join(', ')}, different`;
    default:
      return kind satisfies never;
  }
}

function accepts(kind: FieldKind, value: unknown): boolean {
  switch (kind.type) {
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= kind.min;
    case 'positive':
      return typeof value === 'number' && Number.isFinite(value) && value > 0;
    case 'choice':
      return typeof value === 'string' && kind.values.includes(value);
    case 'rules':
      return (
        Array.isArray(value) &&
        value.length >= 1 &&
        value.length <= 2 &&
        new Set(value).size === value.length &&
        value.every((rule) => RULE_NAMES.includes(rule as RuleName))
      );
    default:
      return kind satisfies never;
  }
}

/** How a value is quoted in a message: numbers as typed, NaN (an emptied number box) as empty. */
function shown(value: unknown): string {
  if (typeof value === 'number' && Number.isNaN(value)) return 'nothing';
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/**
 * The problem with one field's value in the form's words, e.g. "d_model (H) must be a positive
 * integer, got 0"; undefined when the value is fine.
 */
export function checkField(key: keyof RunSettings, value: unknown): string | undefined {
  const { label, kind } = SETTINGS_FIELDS[key];
  return accepts(kind, value)
    ? undefined
    : `${label} must be ${describeKind(kind)}, got ${shown(value)}`;
}

/** Every problem of `settings`, one message per field, in the form's order (empty when none). */
export function checkSettings(settings: RunSettings): string[] {
  return SETTINGS_KEYS.flatMap((key) => checkField(key, settings[key]) ?? []);
}
