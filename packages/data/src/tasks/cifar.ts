/**
 * Sequential CIFAR-10 (spec 3): `scifar` reads the 1024 pixels in raster order with the 3 colour
 * channels per step, normalised per channel with the reference's mean/std; `scifar-gray` (LRA
 * "Image") converts to grey with Pillow's integer ITU-R 601 luma and normalises with mean 122.6/255,
 * std 61/255. No augmentation. 1 % of train (seed 42) is held out as val.
 */
import { DataFormatError } from '../errors.js';
import { CIFAR_PIXELS, parseCifarBatch, type CifarBatch } from '../formats/cifar-binary.js';
import { requireFiles, type NeededFile } from '../sources/require-files.js';
import type { DataStore } from '../store/data-store.js';
import { requireTarReader } from '../store/tar-reader.js';
import type { Uint8Split } from '../split-types.js';
import type { Dataset, DatasetEntry } from '../types.js';
import { holdoutSplits } from './build-splits.js';
import { FILE_TASK_OPTION_HELP, readFileTaskOptions } from './file-task-options.js';
import { imageSplit } from './image-split.js';

/** CIFAR-10 class names, by label. */
export const CIFAR10_CLASSES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
] as const;

const CIFAR_FILES: readonly NeededFile[] = [
  {
    label: 'cifar10/cifar-10-binary.tar.gz (or cifar10/cifar-10-batches-bin/)',
    candidates: ['cifar10/cifar-10-binary.tar.gz', 'cifar10/cifar-10-batches-bin'],
  },
];
const TRAIN_FILES = [1, 2, 3, 4, 5].map((k) => `data_batch_${k}.bin`);
const TEST_FILE = 'test_batch.bin';
const MEAN = [0.4914, 0.4822, 0.4465];
const STD = [0.247, 0.243, 0.261];

/** The six batch files by name, from the tar.gz or the extracted folder. */
async function readBatches(store: DataStore, task: string): Promise<Map<string, CifarBatch>> {
  const [location] = await requireFiles(store, task, 'cifar10', CIFAR_FILES);
  const batches = new Map<string, CifarBatch>();
  const wanted = [...TRAIN_FILES, TEST_FILE];
  if (location!.endsWith('.tar.gz')) {
    const readTarMembers = requireTarReader(location!);
    const archive = await store.read(location!);
    await readTarMembers(
      archive,
      location!,
      (name) => wanted.includes(name.split('/').pop()!),
      (name, bytes) =>
        void batches.set(name.split('/').pop()!, parseCifarBatch(bytes, `${location}:${name}`)),
    );
  } else {
    for (const name of wanted) {
      const path = store.join(location!, name);
      if (await store.info(path)) batches.set(name, parseCifarBatch(await store.read(path), path));
    }
  }
  const missing = wanted.filter((name) => !batches.has(name));
  if (missing.length > 0) {
    throw new DataFormatError(
      location!,
      { byte: 0 },
      `missing CIFAR-10 batch files: ${missing.join(', ')}`,
    );
  }
  return batches;
}

function concatenateBatches(batches: CifarBatch[]): CifarBatch {
  const count = batches.reduce((sum, batch) => sum + batch.count, 0);
  const labels = new Uint8Array(count);
  const planes = new Uint8Array(count * 3 * CIFAR_PIXELS);
  let at = 0;
  for (const batch of batches) {
    labels.set(batch.labels, at);
    planes.set(batch.planes, at * 3 * CIFAR_PIXELS);
    at += batch.count;
  }
  return { count, labels, planes };
}

/** Planes `[n, 3, 1024]` → raster `[n, 1024, 3]` (colour) or `[n, 1024, 1]` (Pillow luma). */
export function cifarPixels(batch: CifarBatch, gray: boolean): Uint8Array {
  const { count, planes } = batch;
  const out = new Uint8Array(count * CIFAR_PIXELS * (gray ? 1 : 3));
  for (let i = 0; i < count; i++) {
    const base = i * 3 * CIFAR_PIXELS;
    for (let p = 0; p < CIFAR_PIXELS; p++) {
      const r = planes[base + p]!;
      const g = planes[base + CIFAR_PIXELS + p]!;
      const b = planes[base + 2 * CIFAR_PIXELS + p]!;
      if (gray) {
        out[i * CIFAR_PIXELS + p] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
      } else {
        const at = (i * CIFAR_PIXELS + p) * 3;
        out[at] = r;
        out[at + 1] = g;
        out[at + 2] = b;
      }
    }
  }
  return out;
}

async function createCifarDataset(
  gray: boolean,
  options: Readonly<Record<string, unknown>>,
): Promise<Dataset<Uint8Split>> {
  const name = gray ? 'scifar-gray' : 'scifar';
  const shared = readFileTaskOptions(name, options, []);
  const batches = await readBatches(shared.store, name);
  const train = concatenateBatches(TRAIN_FILES.map((file) => batches.get(file)!));
  const test = batches.get(TEST_FILE)!;
  const channels = gray ? 1 : 3;
  // (byte/255 − mean)/std = byte·1/(255·std) − mean/std
  const scale = gray ? 1 / 61 : STD.map((s) => 1 / (255 * s));
  const offset = gray ? -122.6 / 61 : MEAN.map((m, c) => -m / STD[c]!);
  const toSplit = (batch: CifarBatch) =>
    imageSplit(cifarPixels(batch, gray), batch.labels, CIFAR_PIXELS, channels, scale, offset);
  const splits = holdoutSplits(toSplit(train), toSplit(test), 0.01, shared);
  return {
    name,
    description:
      `${gray ? 'grey CIFAR-10 (LRA Image)' : 'colour CIFAR-10'}: 1024 pixels in raster order, ${channels} channel(s) per step; ` +
      `train/val/test ${splits.train.size}/${splits.val.size}/${splits.test.size}`,
    kind: 'classification',
    ...splits,
    seqLength: CIFAR_PIXELS,
    inputDim: channels,
    nClasses: 10,
    multidim: 1,
    trainSize: splits.train.size,
    options: { ...shared.recorded, dataLocation: shared.store.location },
    view: { kind: 'image', height: 32, width: 32, channels },
    labelNames: CIFAR10_CLASSES,
  };
}

/** Registry entries of `scifar` and `scifar-gray`. */
export const cifarEntries: readonly DatasetEntry[] = [
  {
    name: 'scifar',
    description:
      'sequential colour CIFAR-10: 1024 steps × 3 channels, per-channel normalisation, 10 classes',
    source: 'files',
    dataSource: 'cifar10',
    files: CIFAR_FILES,
    options: FILE_TASK_OPTION_HELP,
    create: (options) => createCifarDataset(false, options),
  },
  {
    name: 'scifar-gray',
    description: 'sequential grey CIFAR-10 (LRA Image): 1024 steps × 1 channel, 10 classes',
    source: 'files',
    dataSource: 'cifar10',
    files: CIFAR_FILES,
    options: FILE_TASK_OPTION_HELP,
    create: (options) => createCifarDataset(true, options),
  },
];
