/**
 * A run folder belongs to one run. Claiming it takes a lock file (`.olrd-lock`, created with
 * O_EXCL, holding the owner's pid and host) that a second run refuses to share, and refuses a
 * folder that already holds another run's files unless the caller resumes it or asks to
 * overwrite it (which clears it first, under the lock). A lock left by a process that died
 * (kill -9, a crash) is recognised by its pid and taken over. Default folder names are made
 * unique by creating them exclusively, so runs started in the same second never share one.
 */
import { hostname } from 'node:os';
import { mkdir, open, readFile, readdir, rm, unlink } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/config-error.js';

/** The lock file's name inside a run folder. */
export const RUN_LOCK_FILE = '.olrd-lock';

/** How a run uses its folder: a new run, a resumed one, or a new run that clears the folder. */
export type RunFolderMode = 'new' | 'resume' | 'overwrite';

/** A claimed folder: release the lock when the run ends (also released at process exit). */
export interface ClaimedRunFolder {
  readonly path: string;
  release(): Promise<void>;
}

/** Who holds a run folder's lock. */
export interface LockOwner {
  pid: number;
  host: string;
  started: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(lockPath: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(lockPath, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string'
      ? (owner as LockOwner)
      : undefined;
  } catch {
    return undefined; // unreadable or half-written: decided by the caller below
  }
}

/**
 * The live process holding `folder`'s lock, or `undefined` when the folder is free (no lock, or
 * the lock of a process that died on this host).
 */
export async function liveOwner(folder: string): Promise<LockOwner | undefined> {
  const holder = await readOwner(join(folder, RUN_LOCK_FILE));
  if (holder === undefined) return undefined;
  return holder.host !== hostname() || isAlive(holder.pid) ? holder : undefined;
}

async function takeLock(folder: string): Promise<string> {
  const lockPath = join(folder, RUN_LOCK_FILE);
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    started: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      try {
        await handle.writeFile(`${JSON.stringify(owner)}\n`);
      } finally {
        await handle.close();
      }
      return lockPath;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readOwner(lockPath);
    const stale = holder !== undefined && holder.host === owner.host && !isAlive(holder.pid);
    if (!stale) {
      const who = holder
        ? `process ${holder.pid} on ${holder.host} (since ${holder.started})`
        : 'another run';
      throw new ConfigError(
        `run folder ${folder} is in use by ${who}; wait for that run to end or choose another --out ` +
          `(if no such run exists any more, delete ${lockPath})`,
        'out',
      );
    }
    // The owner died without releasing the lock (kill -9, crash): take it over.
    await rm(lockPath, { force: true });
  }
  throw new ConfigError(`run folder ${folder}: could not take ${RUN_LOCK_FILE}; try again`, 'out');
}

async function entriesOf(folder: string): Promise<string[] | undefined> {
  try {
    return await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Claims `folder` for one run.
 *
 * - `new`: the folder must be absent or empty (it is created).
 * - `resume`: the folder must exist; what it must hold is the caller's check.
 * - `overwrite`: everything in the folder is deleted once the lock is held.
 *
 * @throws ConfigError naming the folder and the fix (`--resume`, `--overwrite`, another `--out`)
 *   when the folder holds another run's files, is locked by a live run, or is missing for resume.
 */
export async function claimRunFolder(
  folder: string,
  mode: RunFolderMode,
): Promise<ClaimedRunFolder> {
  const entries = await entriesOf(folder);
  if (mode === 'resume' && entries === undefined)
    throw new ConfigError(`nothing to resume: ${folder} does not exist`, 'resume');
  if (mode === 'new' && entries !== undefined && entries.length > 0) {
    const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? ', …' : '');
    throw new ConfigError(
      `run folder ${folder} already holds files (${shown}); pass --resume ${folder} to continue ` +
        `that run, --overwrite to clear it first, or choose another --out`,
      'out',
    );
  }
  await mkdir(folder, { recursive: true });
  const lockPath = await takeLock(folder);
  const releaseAtExit = () => {
    try {
      unlinkSync(lockPath);
    } catch {
      // already released
    }
  };
  process.on('exit', releaseAtExit);
  if (mode === 'overwrite') {
    for (const entry of await readdir(folder))
      if (entry !== RUN_LOCK_FILE) await rm(join(folder, entry), { recursive: true, force: true });
  }
  return {
    path: folder,
    release: async () => {
      process.off('exit', releaseAtExit);
      await unlink(lockPath).catch(() => undefined);
    },
  };
}

/**
 * Creates a fresh folder named `base`, or `base-2`, `base-3`, … when that exists, with an
 * exclusive `mkdir` (race-free: two runs started together get two folders). Returns its path.
 */
export async function createUniqueFolder(base: string): Promise<string> {
  const parent = join(base, '..');
  await mkdir(parent, { recursive: true });
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    try {
      await mkdir(candidate);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
