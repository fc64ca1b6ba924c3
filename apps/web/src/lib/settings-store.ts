/**
 * Where the page's settings come from when it opens, and where they go on every change: the
 * link's query string wins (a shared link reproduces what it names, whatever this browser last
 * used), else what localStorage kept from the last visit, else the defaults.
 */
import type { RunSettings } from '../protocol.js';
import {
  DEFAULT_VIEW,
  decodeSettings,
  encodeSettings,
  type ChartView,
  type DecodedSettings,
} from './settings-codec.js';
import { DEFAULT_SETTINGS } from './settings-fields.js';

/** The localStorage key of the settings (their query string). */
export const STORAGE_KEY = 'olrd.web.settings';

/** The part of `Storage` this file uses (a test passes a Map-backed one). */
export type SettingsStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The settings to open with, and which source they came from (for the words of a problem). */
export interface OpenedSettings extends DecodedSettings {
  source: 'link' | 'stored' | 'defaults';
}

function readStored(storage: SettingsStorage | undefined): string | null {
  try {
    return storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null; // storage refused (e.g. disabled cookies): as if nothing was kept
  }
}

/** The settings for a page opened at `search` (the location's `?…`), given what `storage` kept. */
export function openSettings(search: string, storage?: SettingsStorage): OpenedSettings {
  if (new URLSearchParams(search).size > 0) return { ...decodeSettings(search), source: 'link' };
  const stored = readStored(storage);
  if (stored) return { ...decodeSettings(stored), source: 'stored' };
  return {
    settings: { ...DEFAULT_SETTINGS, rules: [...DEFAULT_SETTINGS.rules] },
    view: { ...DEFAULT_VIEW },
    problems: [],
    named: new Set(),
    source: 'defaults',
  };
}

/** Keeps `settings` and `view` in `storage`; returns their query string (no `?`). */
export function keepSettings(
  settings: RunSettings,
  view: ChartView,
  storage?: SettingsStorage,
): string {
  const query = encodeSettings(settings, view);
  try {
    storage?.setItem(STORAGE_KEY, query);
  } catch {
    // A full or refused storage only costs the next visit its settings; the link still has them.
  }
  return query;
}
