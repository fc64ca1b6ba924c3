/**
 * The data folder: `--data-dir` when given, else `$OLRD_DATA_DIR`, else the user's cache folder
 * (`$XDG_CACHE_HOME/olrd`, `~/Library/Caches/olrd` on macOS, `%LOCALAPPDATA%\olrd\cache` on
 * Windows, otherwise `~/.cache/olrd`).
 */
import { homedir, platform } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Resolves the data folder (an absolute path; it may not exist yet).
 *
 * @param explicit - a `--data-dir` value ('' or undefined = not given)
 */
export function resolveDataDir(
  explicit?: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  if (explicit) return resolve(explicit);
  if (env['OLRD_DATA_DIR']) return resolve(env['OLRD_DATA_DIR']);
  if (env['XDG_CACHE_HOME']) return join(env['XDG_CACHE_HOME'], 'olrd');
  const os = platform();
  if (os === 'darwin') return join(homedir(), 'Library', 'Caches', 'olrd');
  if (os === 'win32' && env['LOCALAPPDATA']) return join(env['LOCALAPPDATA'], 'olrd', 'cache');
  return join(homedir(), '.cache', 'olrd');
}
