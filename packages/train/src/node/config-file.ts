/** Reading a config file (JSON or YAML) from disk into a validated partial config. */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../config/config-error.js';
import { configFormatFromPath, parseConfigText } from '../config/parse-config-text.js';
import type { TrainConfig } from '../config/train-config.js';

/**
 * @throws ConfigError when the file cannot be read or holds an invalid config.
 */
export async function readConfigFile(path: string): Promise<Partial<TrainConfig>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError(`cannot read config file ${path}: ${reason}`);
  }
  return parseConfigText(text, configFormatFromPath(path), `config file ${path}`);
}
