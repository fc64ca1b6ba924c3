/**
 * The IDX image tasks (spec 3): sMNIST (784 pixels, one per step), psMNIST (the same under the
 * reference's bit-reversal permutation, or a seeded random one), row-MNIST (BP(λ): 28 steps of 28
 * pixels, 20 % val), and Fashion-MNIST as pixels (`sfmnist`), permuted pixels (`psfmnist`, the
 * stand-in for psMNIST where only Fashion-MNIST is installed) or rows (`rfmnist`). Pixels are
 * `byte / 255`, no normalisation, as the reference.
 */
import { deriveSeed } from '../prng.js';
import { readEnum, readInteger } from '../options.js';
import type { DataSourceId } from '../sources/data-sources.js';
import { requireFiles, type NeededFile } from '../sources/require-files.js';
import type { Uint8Split } from '../split-types.js';
import type { Dataset, DatasetEntry } from '../types.js';
import { holdoutSplits } from './build-splits.js';
import { FILE_TASK_OPTION_HELP, readFileTaskOptions } from './file-task-options.js';
import { readIdxPair } from './idx-pair.js';
import { imageSplit } from './image-split.js';
import { bitReversalPermutation, permuteRows, randomPixelPermutation } from './permutations.js';

/** Names of Fashion-MNIST's classes, by label. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/** psMNIST / psFMNIST permutation choices. */
export type PixelPermutation = 'bit-reversal' | 'random';

interface Variant {
  readonly name: string;
  readonly source: Extract<DataSourceId, 'mnist' | 'fashion-mnist'>;
  readonly layout: 'pixels' | 'rows';
  readonly valFraction: number;
  readonly permuted: boolean;
  readonly description: string;
}

const VARIANTS: readonly Variant[] = [
  {
    name: 'smnist',
    source: 'mnist',
    layout: 'pixels',
    valFraction: 0.1,
    permuted: false,
    description: 'sequential MNIST: 784 pixels, one per step, 10 classes',
  },
  {
    name: 'psmnist',
    source: 'mnist',
    layout: 'pixels',
    valFraction: 0.1,
    permuted: true,
    description:
      'permuted sequential MNIST: sMNIST under a fixed pixel permutation (bit-reversal by default)',
  },
  {
    name: 'rmnist',
    source: 'mnist',
    layout: 'rows',
    valFraction: 0.2,
    permuted: false,
    description: 'row-by-row MNIST (BP(λ)): 28 steps of 28 pixels, 48k/12k/10k',
  },
  {
    name: 'sfmnist',
    source: 'fashion-mnist',
    layout: 'pixels',
    valFraction: 0.1,
    permuted: false,
    description: 'sequential Fashion-MNIST: 784 pixels, one per step, 10 classes',
  },
  {
    name: 'psfmnist',
    source: 'fashion-mnist',
    layout: 'pixels',
    valFraction: 0.1,
    permuted: true,
    description:
      'permuted sequential Fashion-MNIST: sFMNIST under a fixed pixel permutation (bit-reversal by default)',
  },
  {
    name: 'rfmnist',
    source: 'fashion-mnist',
    layout: 'rows',
    valFraction: 0.1,
    permuted: false,
    description: 'row-by-row Fashion-MNIST: 28 steps of 28 pixels, 54k/6k/10k',
  },
];

const idxFile = (folder: string, name: string): NeededFile => ({
  label: `${folder}/${name}[.gz]`,
  candidates: [`${folder}/${name}.gz`, `${folder}/${name}`],
});

const idxFiles = (folder: string): NeededFile[] =>
  [
    'train-images-idx3-ubyte',
    'train-labels-idx1-ubyte',
    't10k-images-idx3-ubyte',
    't10k-labels-idx1-ubyte',
  ].map((name) => idxFile(folder, name));

async function createImageDataset(
  variant: Variant,
  options: Readonly<Record<string, unknown>>,
): Promise<Dataset<Uint8Split>> {
  const own = variant.permuted ? ['permutation', 'seed'] : [];
  const shared = readFileTaskOptions(variant.name, options, own);
  const permutation = variant.permuted
    ? readEnum<PixelPermutation>(variant.name, options, 'permutation', 'bit-reversal', [
        'bit-reversal',
        'random',
      ])
    : undefined;
  const seed = variant.permuted ? readInteger(variant.name, options, 'seed', 0, 0, 4294967295) : 0;
  const folder = variant.source;
  const [trainImages, trainLabels, testImages, testLabels] = await requireFiles(
    shared.store,
    variant.name,
    variant.source,
    idxFiles(folder),
  );
  const [train, test] = await Promise.all([
    readIdxPair(shared.store, trainImages!, trainLabels!, 10),
    readIdxPair(shared.store, testImages!, testLabels!, 10),
  ]);
  const { rows, cols } = train;
  const order =
    permutation === undefined
      ? undefined
      : permutation === 'bit-reversal'
        ? bitReversalPermutation(rows * cols)
        : // One label for both sources: a seed names the same permutation of MNIST and Fashion-MNIST.
          randomPixelPermutation(rows * cols, deriveSeed(seed, 'psmnist'));
  const [seqLength, inputDim] = variant.layout === 'rows' ? [rows, cols] : [rows * cols, 1];
  const toSplit = (set: typeof train) =>
    imageSplit(
      order ? permuteRows(set.pixels, set.count, order) : set.pixels,
      set.labels,
      seqLength,
      inputDim,
      1 / 255,
      0,
    );
  const splits = holdoutSplits(toSplit(train), toSplit(test), variant.valFraction, shared);
  return {
    name: variant.name,
    description:
      `${variant.description}; T=${seqLength}, d=${inputDim}` +
      `${permutation ? `, ${permutation} permutation` : ''}; train/val/test ${splits.train.size}/${splits.val.size}/${splits.test.size}`,
    kind: 'classification',
    ...splits,
    seqLength,
    inputDim,
    nClasses: 10,
    multidim: 1,
    trainSize: splits.train.size,
    options: {
      ...shared.recorded,
      ...(permutation ? { permutation, seed } : {}),
      dataLocation: shared.store.location,
    },
    view: { kind: 'image', height: rows, width: cols, channels: 1, ...(order ? { order } : {}) },
    ...(variant.source === 'fashion-mnist' ? { labelNames: FASHION_MNIST_CLASSES } : {}),
  };
}

/** Registry entries of the IDX image tasks. */
export const mnistFamilyEntries: readonly DatasetEntry[] = VARIANTS.map((variant) => ({
  name: variant.name,
  description: variant.description,
  source: 'files',
  dataSource: variant.source,
  files: idxFiles(variant.source),
  options: {
    ...FILE_TASK_OPTION_HELP,
    ...(variant.permuted
      ? {
          permutation: "'bit-reversal' (the reference's, default) or 'random'",
          seed: 'seed of the random permutation (default 0)',
        }
      : {}),
  },
  create: (options) => createImageDataset(variant, options),
}));
