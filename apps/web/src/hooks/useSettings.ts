/**
 * The page's settings and chart view, restored from the link or localStorage when the page
 * opens (lib/settings-store.ts) and written back on every change: to localStorage, and to the
 * address bar, so the address is always a link to what the form shows.
 */
import { useEffect, useRef, useState } from 'react';
import { DEFAULT_VIEW } from '../lib/settings-codec.js';
import { DEFAULT_SETTINGS } from '../lib/settings-fields.js';
import { keepSettings, openSettings, type SettingsStorage } from '../lib/settings-store.js';

function browserStorage(): SettingsStorage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // a sandboxed frame may refuse even the lookup
  }
}

/**
 * @param report - called once per problem of the link or stored settings, with the source as
 *   context ("settings link", "saved settings")
 */
export function useSettings(report: (context: string, message: string) => void) {
  const [opened] = useState(() => openSettings(window.location.search, browserStorage()));
  const [settings, setSettings] = useState(opened.settings);
  const [view, setView] = useState(opened.view);
  const [link, setLink] = useState(window.location.href);
  const reported = useRef(false);

  useEffect(() => {
    // StrictMode runs effects twice on mount; the problems are shown once.
    if (reported.current) return;
    reported.current = true;
    const context = opened.source === 'link' ? 'settings link' : 'saved settings';
    for (const problem of opened.problems) report(context, problem);
  }, [opened, report]);

  useEffect(() => {
    const url = new URL(window.location.href);
    url.search = keepSettings(settings, view, browserStorage());
    window.history.replaceState(window.history.state, '', url);
    setLink(url.href);
  }, [settings, view]);

  return {
    settings,
    setSettings,
    view,
    setView,
    /** A link that opens the page with these settings. */
    link,
    /** Whether the backend came from the link or storage (then the page does not pick one). */
    backendNamed: opened.named.has('backend'),
    /** Back to the defaults (the link and storage follow). */
    reset: () => {
      setSettings({ ...DEFAULT_SETTINGS, rules: [...DEFAULT_SETTINGS.rules] });
      setView({ ...DEFAULT_VIEW });
    },
  };
}
