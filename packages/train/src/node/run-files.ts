/**
 * The first and the resumed writes of a run folder, shared by `olrd train`'s and `olrd stream`'s
 * folders: claiming a folder for a new run together with its first files, and cutting a
 * JSON-lines log back to what a checkpoint saw.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { claimRunFolder, type ClaimedRunFolder } from './claim-run-folder.js';
import { writeFileAtomic } from '@olrd/data/node';

/**
 * Claims `path` for a new run (cleared first with `overwrite`) and writes `files` (name → text)
 * atomically; the claim is released again when a write fails.
 */
export async function claimNewRun(
  path: string,
  overwrite: boolean,
  files: Readonly<Record<string, string>>,
): Promise<ClaimedRunFolder> {
  const claim = await claimRunFolder(path, overwrite ? 'overwrite' : 'new');
  try {
    for (const [name, text] of Object.entries(files)) await writeFileAtomic(join(path, name), text);
  } catch (error) {
    await claim.release();
    throw error;
  }
  return claim;
}

/**
 * Keeps the first `lines` lines of a JSON-lines file, atomically (a missing file becomes empty):
 * the lines a killed run logged after its last checkpoint go, to be logged again on resume.
 */
export async function keepFirstLines(path: string, lines: number): Promise<void> {
  const logged = await readFile(path, 'utf8').catch(() => '');
  const kept = logged
    .split('\n')
    .slice(0, lines)
    .map((line) => `${line}\n`)
    .join('');
  await writeFileAtomic(path, kept);
}
