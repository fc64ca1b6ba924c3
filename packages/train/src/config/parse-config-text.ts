/**
 * Parses config text (JSON or YAML; JSON is YAML, but JSON errors read better from JSON.parse)
 * into a validated partial config. Isomorphic: reading the file is the caller's job.
 */
import { parse as parseYaml } from 'yaml';
import { ConfigError } from './config-error.js';
import { normalizeConfigLayer } from './validate-config.js';
import type { TrainConfig } from './train-config.js';

/** Config text formats. `auto` picks JSON when the text starts with `{`. */
export type ConfigFormat = 'json' | 'yaml' | 'auto';

/** The format implied by a file name (`.json` → json, `.yaml`/`.yml` → yaml, else auto). */
export function configFormatFromPath(path: string): ConfigFormat {
  if (/\.json$/i.test(path)) return 'json';
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  return 'auto';
}

/**
 * Parses and validates config text. An empty document is an empty config.
 *
 * @param source - shown in errors, e.g. `"config file run.yaml"`
 * @throws ConfigError on a syntax error (with its position) or an invalid key or value.
 */
export function parseConfigText(
  text: string,
  format: ConfigFormat,
  source: string,
): Partial<TrainConfig> {
  const asJson = format === 'json' || (format === 'auto' && text.trimStart().startsWith('{'));
  let raw: unknown;
  try {
    raw = asJson ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(
      `${source}: not valid ${asJson ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
    );
  }
  if (raw === null || raw === undefined) return {};
  return normalizeConfigLayer(raw, source);
}
