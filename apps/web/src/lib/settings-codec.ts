/**
 * The page's settings as a query string, for a link that reproduces them and for localStorage
 * (which stores the same string): only what differs from the defaults, by `RunSettings` key,
 * e.g. `?task=listops&dModel=32&rules=online_full,bptt&smoothing=0.9`. Reading one back, a value
 * the form would not accept is reported with the form's label and replaced by the default, an
 * unknown key is reported and ignored, and the result goes through `fitSettings` like any change
 * made in the form.
 */
import type { RuleName } from '@olrd/rules/names';
import type { RunSettings } from '../protocol.js';
import { fitSettings } from './rule-choices.js';
import {
  DEFAULT_SETTINGS,
  SETTINGS_FIELDS,
  SETTINGS_KEYS,
  checkField,
  describeKind,
  type FieldKind,
} from './settings-fields.js';

/** How the charts are drawn (not part of a run, but kept and shared with it). */
export interface ChartView {
  /** EMA weight of the smoothed curves, 0 (off) … 0.99 (TensorBoard's convention). */
  smoothing: number;
  /** The loss chart on a log scale. */
  logLoss: boolean;
}

/** The charts' view when nothing is stored and the link names nothing. */
export const DEFAULT_VIEW: Readonly<ChartView> = { smoothing: 0.6, logLoss: false };

/** The largest smoothing weight (1 would freeze the curve at its first value). */
export const MAX_SMOOTHING = 0.99;

/** The form's labels of the view's controls. */
export const VIEW_LABELS: Readonly<Record<keyof ChartView, string>> = {
  smoothing: 'Smoothing (EMA weight)',
  logLoss: 'Log scale for the loss',
};

/** What a query string held: the settings (defaults where it said nothing or nonsense). */
export interface DecodedSettings {
  settings: RunSettings;
  view: ChartView;
  /** What was wrong, one message per key, in the form's words (empty when nothing). */
  problems: string[];
  /** The keys the query string named with a valid value. */
  named: ReadonlySet<string>;
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function parseValue(kind: FieldKind, text: string): unknown {
  switch (kind.type) {
    case 'integer':
    case 'positive':
      return NUMBER.test(text.trim()) ? Number(text) : Number.NaN;
    case 'choice':
      return text;
    case 'rules':
      return text.split(',').map((rule) => rule.trim() as RuleName);
    default:
      return kind satisfies never;
  }
}

function parseView(key: keyof ChartView, text: string): ChartView[keyof ChartView] | undefined {
  if (key === 'logLoss')
    return text === '1' || text === 'true'
      ? true
      : text === '0' || text === 'false'
        ? false
        : undefined;
  const value = NUMBER.test(text.trim()) ? Number(text) : Number.NaN;
  return value >= 0 && value <= MAX_SMOOTHING ? value : undefined;
}

const VIEW_KINDS: Readonly<Record<keyof ChartView, string>> = {
  smoothing: `a number from 0 to ${MAX_SMOOTHING}`,
  logLoss: '1 or 0',
};

const VIEW_KEYS = Object.keys(DEFAULT_VIEW) as (keyof ChartView)[];

const isSettingsKey = (key: string): key is keyof RunSettings =>
  Object.hasOwn(SETTINGS_FIELDS, key);
const isViewKey = (key: string): key is keyof ChartView => Object.hasOwn(DEFAULT_VIEW, key);

/** The query string (no leading `?`) of everything that differs from the defaults. */
export function encodeSettings(settings: RunSettings, view: ChartView = DEFAULT_VIEW): string {
  const params = new URLSearchParams();
  const entries = [
    ...SETTINGS_KEYS.map((key) => [key, settings[key], DEFAULT_SETTINGS[key]] as const),
    ...VIEW_KEYS.map((key) => [key, view[key], DEFAULT_VIEW[key]] as const),
  ];
  for (const [key, value, fallback] of entries) {
    const text = formatValue(value);
    if (text !== formatValue(fallback)) params.set(key, text);
  }
  return params.toString().replaceAll('%2C', ',');
}

/** The settings a query string (with or without its `?`) holds; see the file's comment. */
export function decodeSettings(query: string): DecodedSettings {
  const settings: RunSettings = { ...DEFAULT_SETTINGS, rules: [...DEFAULT_SETTINGS.rules] };
  const view: ChartView = { ...DEFAULT_VIEW };
  const problems: string[] = [];
  const named = new Set<string>();
  for (const [key, text] of new URLSearchParams(query)) {
    if (isSettingsKey(key)) {
      const { label, kind } = SETTINGS_FIELDS[key];
      const value = parseValue(kind, text);
      if (checkField(key, value) === undefined) {
        Object.assign(settings, { [key]: value });
        named.add(key);
      } else {
        problems.push(
          `${label} must be ${describeKind(kind)}, got '${text}': using the default, ${formatValue(DEFAULT_SETTINGS[key])}`,
        );
      }
    } else if (isViewKey(key)) {
      const value = parseView(key, text);
      if (value !== undefined) {
        Object.assign(view, { [key]: value });
        named.add(key);
      } else {
        problems.push(
          `${VIEW_LABELS[key]} must be ${VIEW_KINDS[key]}, got '${text}': using the default, ${formatValue(DEFAULT_VIEW[key])}`,
        );
      }
    } else {
      problems.push(`unknown setting '${key}': ignored`);
    }
  }
  return { settings: fitSettings(settings), view, problems, named };
}
