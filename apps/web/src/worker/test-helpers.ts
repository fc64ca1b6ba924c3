/** What the worker's run tests share: small settings, a warning sink, a checkpoint as saved. */
import { disposeTree } from '@olrd/tensor';
import type { RunSettings } from '../protocol.js';
import { DEFAULT_SETTINGS } from '../lib/settings-fields.js';
import type { Run } from './run.js';
import { serializeWebCheckpoint } from './web-checkpoint.js';

/** A small copy-task run on the cpu backend. */
export const SETTINGS: RunSettings = {
  ...DEFAULT_SETTINGS,
  patternLength: 3,
  switchEvery: 150,
  listopsLength: 16,
  backend: 'cpu',
  nLayers: 1,
  dModel: 8,
  dHidden: 4,
  bsz: 4,
  lrBase: 0.01,
  seed: 3,
  alignEvery: 1,
};

/** The warnings runs have sent (clear it before a check). */
export const warnings: string[] = [];
export const warn = (message: string) => void warnings.push(message);

/** Learner `index`'s checkpoint as the session writes it. */
export async function checkpointBytes(run: Run, index: number): Promise<Uint8Array> {
  const learner = run.learners[index]!;
  const params = learner.snapshot();
  const { metadata, curriculumLevel } = run.checkpointInfo(index);
  const bytes = await serializeWebCheckpoint(params, run.modelConfig, {
    optimizerState: await learner.optimizerState(),
    metadata,
    ...(curriculumLevel ? { curriculumLevel } : {}),
  });
  disposeTree(params);
  return bytes;
}
