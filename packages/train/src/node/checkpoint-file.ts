/** Checkpoints and safetensors files on disk. */
import { readFile } from 'node:fs/promises';
import type { ModelConfig, Params } from '@olrd/core';
import {
  loadCheckpoint,
  serializeCheckpoint,
  type LoadedCheckpoint,
} from '../checkpoint/checkpoint.js';
import { CheckpointError, parseSafetensors } from '@olrd/tensor';
import type { SafetensorsFile } from '@olrd/tensor';
import { writeFileAtomic } from '@olrd/data/node';

/**
 * Reads a file's bytes.
 *
 * @throws CheckpointError naming the file when it cannot be read.
 */
export async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CheckpointError(
      `cannot read ${path}: ${code === 'ENOENT' ? 'file not found' : (error as Error).message}`,
    );
  }
}

/** Prefixes a checkpoint error with the file it came from. */
function inFile<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (CheckpointError.isInstance(error)) throw new CheckpointError(`${path}: ${error.message}`);
    throw error;
  }
}

/** Reads and validates a safetensors file. @throws CheckpointError naming the file and the problem. */
export async function readSafetensorsFile(path: string): Promise<SafetensorsFile> {
  const bytes = await readBytes(path);
  return inFile(path, () => parseSafetensors(bytes));
}

/** Writes a checkpoint atomically (spec-0 names, model config in `__metadata__`). */
export async function saveCheckpointFile(
  path: string,
  params: Params,
  modelConfig: ModelConfig,
  extra: Readonly<Record<string, string>> = {},
): Promise<void> {
  await writeFileAtomic(path, await serializeCheckpoint(params, modelConfig, extra));
}

/**
 * Loads a checkpoint and checks it against the expected names and shapes.
 *
 * @throws CheckpointError naming the file and each wrong, missing or unexpected tensor.
 */
export async function loadCheckpointFile(
  path: string,
  expectedShapes: Readonly<Record<string, readonly number[]>>,
): Promise<LoadedCheckpoint> {
  const bytes = await readBytes(path);
  return inFile(path, () => loadCheckpoint(bytes, expectedShapes));
}
