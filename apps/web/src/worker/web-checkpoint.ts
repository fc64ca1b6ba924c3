/**
 * The checkpoints the page downloads: an ordinary olrd checkpoint (float32 parameters under their
 * spec-0 names, `model_config`, `train_config`; what `olrd grad --params` and `olrd train` read)
 * that also carries the learner's optimiser state, so continuing from it resumes Adam exactly.
 *
 * The optimiser state travels in `__metadata__` (`optimizer_state`: base64 of optimiser-state
 * bytes, see optimizer-state.ts) rather than as extra tensors, because the CLI's loaders reject
 * tensors that are not parameters of the model ("unexpected tensor"); metadata they ignore.
 */
import type { ModelConfig, Params } from '@olrd/core';
import { CheckpointError, serializeCheckpoint } from '@olrd/train';

/** Metadata key of the base64 optimiser state. */
export const OPTIMIZER_STATE_KEY = 'optimizer_state';
/** Metadata key of the copy-repeat curriculum level reached (JSON). */
export const CURRICULUM_LEVEL_KEY = 'curriculum_level';

const CHUNK = 0x8000;

/** Standard base64 of `bytes` (chunked: spreading a large array overflows the call stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK)
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** The bytes of standard base64 `text`. @throws CheckpointError when it is not base64. */
export function fromBase64(text: string, what: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new CheckpointError(`${what} is not valid base64`);
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** What a web checkpoint holds besides the parameters. */
export interface WebCheckpointExtras {
  /** Optimiser-state bytes (optimizer-state.ts). */
  optimizerState: Uint8Array;
  /** More string metadata (`train_config`, `step`, `source`, …). */
  metadata: Readonly<Record<string, string>>;
  /** The copy-repeat level reached, to start the curriculum there when continuing. */
  curriculumLevel?: Readonly<Record<string, number>>;
}

/** Serialises a web checkpoint (the parameters are read back asynchronously). */
export function serializeWebCheckpoint(
  params: Params,
  modelConfig: ModelConfig,
  extras: WebCheckpointExtras,
): Promise<Uint8Array> {
  return serializeCheckpoint(params, modelConfig, {
    ...extras.metadata,
    ...(extras.curriculumLevel
      ? { [CURRICULUM_LEVEL_KEY]: JSON.stringify(extras.curriculumLevel) }
      : {}),
    [OPTIMIZER_STATE_KEY]: toBase64(extras.optimizerState),
  });
}

/** The optimiser state and curriculum level in a checkpoint's metadata (absent in CLI ones). */
export function checkpointExtras(metadata: Readonly<Record<string, string>>): {
  optimizerState?: Uint8Array;
  curriculumLevel?: Record<string, number>;
} {
  const state = metadata[OPTIMIZER_STATE_KEY];
  const level = metadata[CURRICULUM_LEVEL_KEY];
  let curriculumLevel: Record<string, number> | undefined;
  if (level !== undefined) {
    try {
      curriculumLevel = JSON.parse(level) as Record<string, number>;
    } catch {
      throw new CheckpointError(`metadata '${CURRICULUM_LEVEL_KEY}' is not valid JSON`);
    }
  }
  return {
    ...(state !== undefined
      ? { optimizerState: fromBase64(state, `metadata '${OPTIMIZER_STATE_KEY}'`) }
      : {}),
    ...(curriculumLevel ? { curriculumLevel } : {}),
  };
}
