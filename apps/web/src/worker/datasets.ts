/**
 * The data of the batch tasks, all from @olrd/data: the copy task and copy-repeat (with its
 * curriculum) generated here, short ListOps expressions from the LRA-grammar generator, or
 * row-by-row Fashion-MNIST built by the `rfmnist` task from IDX files the person picked (held in
 * a memory data store). The drifting stream is a stream, not a dataset: see drift-task.ts.
 */
import {
  createCopyDataset,
  createMemoryDataStore,
  datasetNames,
  isGzip,
  loadDataset,
  type Dataset,
} from '@olrd/data';
import { datasetOptionsFor, resolveTrainConfig, type TrainConfig } from '@olrd/train';
import type { FileInput, RunSettings } from '../protocol.js';

/** A dataset and the config keys that describe it to the CLI. */
export interface TaskData {
  dataset: Dataset;
  config: Partial<TrainConfig>;
  label: string;
}

const FASHION_TASK = 'rfmnist';

/** Which IDX file a picked file is, from its name (e.g. `train-images-idx3-ubyte.gz`). */
function idxRole(name: string): { set: 'train' | 't10k'; kind: 'images' | 'labels' } | undefined {
  const kind = /images|idx3/i.test(name)
    ? 'images'
    : /labels|idx1/i.test(name)
      ? 'labels'
      : undefined;
  if (!kind) return undefined;
  return { set: /t10k|test/i.test(name) ? 't10k' : 'train', kind };
}

/** Places the picked files where `rfmnist` looks; a lone pair serves as train and test. */
function fashionStore(files: readonly FileInput[]) {
  const placed: Record<string, FileInput> = {};
  for (const file of files) {
    const role = idxRole(file.name);
    if (!role) {
      throw new Error(
        `${file.name}: cannot tell whether this is an image or a label file; keep the IDX names ` +
          `(train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz])`,
      );
    }
    placed[`${role.set}-${role.kind}`] = file;
  }
  for (const kind of ['images', 'labels'] as const) {
    const any = placed[`train-${kind}`] ?? placed[`t10k-${kind}`];
    if (!any)
      throw new Error(
        `Fashion-MNIST needs an ${kind} file (…-${kind}-idx${kind === 'images' ? 3 : 1}-ubyte[.gz])`,
      );
    placed[`train-${kind}`] ??= any;
    placed[`t10k-${kind}`] ??= any;
  }
  const entries = Object.entries(placed).map(([role, file]) => {
    const [set, kind] = role.split('-') as [string, string];
    const stem = `${set}-${kind}-idx${kind === 'images' ? 3 : 1}-ubyte`;
    return [`fashion-mnist/${stem}${isGzip(file.bytes) ? '.gz' : ''}`, file.bytes] as const;
  });
  return createMemoryDataStore(Object.fromEntries(entries));
}

/** Generated ListOps examples per epoch (the held-out splits are not used online). */
const LISTOPS_TRAIN = 2000;

/**
 * Builds the task's dataset; `warn` receives the data layer's warnings. `startLevel` starts the
 * copy-repeat curriculum there (a checkpoint's level), instead of at N = 1, R = 1.
 */
export async function createTaskData(
  settings: RunSettings,
  files: readonly FileInput[],
  warn: (message: string) => void,
  startLevel?: Readonly<Record<string, number>>,
): Promise<TaskData> {
  if (settings.task === 'copy-repeat') {
    const patternLength = startLevel?.['patternLength'] ?? 1;
    const repeats = startLevel?.['repeats'] ?? 1;
    const dataset = await loadDataset('copy-repeat', {
      seed: settings.seed,
      patternLength,
      repeats,
    });
    return {
      dataset,
      config: { dataset: 'copy-repeat', mode: 'none' },
      label: `copy-repeat: curriculum from N=${patternLength}, R=${repeats}`,
    };
  }
  if (settings.task === 'listops') {
    const length = settings.listopsLength;
    const dataset = await loadDataset('listops', {
      store: createMemoryDataStore(),
      source: 'generator',
      seed: settings.seed,
      trainSamples: LISTOPS_TRAIN,
      valSamples: 1,
      testSamples: 1,
      minLength: Math.floor(length / 2),
      maxLength: length,
      seqLength: length,
      onWarning: warn,
    });
    return {
      dataset,
      config: { dataset: 'listops', listopsSource: 'generator', mode: 'pool_st' },
      label: `ListOps: ${Math.floor(length / 2) + 1}–${length - 1} tokens, T=${dataset.seqLength}, ${dataset.inputDim} symbols`,
    };
  }
  if (settings.task === 'copy') {
    const config = {
      dataset: 'copy',
      copyPatternLength: settings.patternLength,
      mode: 'none',
    } as const;
    const dataset = createCopyDataset(datasetOptionsFor(resolveTrainConfig(config)));
    return {
      dataset,
      config,
      label: `copy task: P=${settings.patternLength}, T=${dataset.seqLength}`,
    };
  }
  if (settings.task !== 'fashion-mnist')
    throw new Error(`'${settings.task}' is not a task of whole sequences`);
  if (!datasetNames().includes(FASHION_TASK))
    throw new Error(`this build of @olrd/data has no '${FASHION_TASK}' task`);
  if (files.length === 0)
    throw new Error('choose the Fashion-MNIST IDX files first (images and labels)');
  const dataset = await loadDataset(FASHION_TASK, {
    store: fashionStore(files),
    // Online learning only reads the training split; keep the held-out ones small.
    maxEvalSamples: 100,
    onWarning: warn,
  });
  return {
    dataset,
    config: { dataset: FASHION_TASK, mode: 'pool_st' },
    label: `Fashion-MNIST rows: T=${dataset.seqLength}, ${dataset.trainSize} train`,
  };
}
