// Small datasets in their real published layouts, for the loader tests (memory or disk stores).
import { gzip, writeTarGz } from './archives.js';
import {
  fixtureBytes,
  writeCifarBatch,
  writeIdxImages,
  writeIdxLabels,
  writePng,
} from './formats.js';

type Files = Record<string, Uint8Array>;
const text = (value: string) => new TextEncoder().encode(value);

/** MNIST-style IDX files under `folder` (train images gzip, the rest raw: both are accepted). */
export function idxFiles(folder: string, train: number, test: number, rows = 28, cols = 28): Files {
  const labels = (count: number) => Uint8Array.from({ length: count }, (_, i) => i % 10);
  return {
    [`${folder}/train-images-idx3-ubyte.gz`]: gzip(
      writeIdxImages(train, rows, cols, fixtureBytes(train * rows * cols, 1)),
    ),
    [`${folder}/train-labels-idx1-ubyte`]: writeIdxLabels(labels(train)),
    [`${folder}/t10k-images-idx3-ubyte`]: writeIdxImages(
      test,
      rows,
      cols,
      fixtureBytes(test * rows * cols, 2),
    ),
    [`${folder}/t10k-labels-idx1-ubyte.gz`]: gzip(writeIdxLabels(labels(test))),
  };
}

/** `cifar-10-binary.tar.gz` with `perBatch` records in each of the six batch files. */
export async function cifarArchive(perBatch: number): Promise<Uint8Array> {
  const batch = (k: number) =>
    writeCifarBatch(
      Uint8Array.from({ length: perBatch }, (_, i) => (i + k) % 10),
      (record, channel, p) => record + 40 * channel + p + k,
    );
  const files: Record<string, Uint8Array | string> = {
    'cifar-10-batches-bin/batches.meta.txt': 'airplane\n',
  };
  for (let k = 1; k <= 5; k++) files[`cifar-10-batches-bin/data_batch_${k}.bin`] = batch(k);
  files['cifar-10-batches-bin/test_batch.bin'] = batch(0);
  return writeTarGz(files);
}

/** `aclImdb_v1.tar.gz` with the given reviews (`train/pos/0_9.txt` style names) plus ignored files. */
export async function imdbArchive(reviews: ReadonlyArray<[string, string]>): Promise<Uint8Array> {
  return writeTarGz({
    'aclImdb/README': 'ignored',
    'aclImdb/imdb.vocab': 'ignored',
    'aclImdb/train/unsup/0_0.txt': 'unlabelled, ignored',
    ...Object.fromEntries(reviews.map(([path, review]) => [`aclImdb/${path}`, review])),
  });
}

/** LRA ListOps TSVs (header `Source<TAB>Target`) under `lra/lra_release/listops-1000/`. */
export function listOpsFiles(): Files {
  const rows = (n: number, shift: number) =>
    Array.from({ length: n }, (_, i) => {
      const a = (i + shift) % 10;
      const b = (i * 3 + shift) % 10;
      return `( ( ( [MAX ${a} ) ${b} ) ] )\t${Math.max(a, b)}`;
    });
  const file = (lines: string[]) => text(['Source\tTarget', ...lines, ''].join('\n'));
  return {
    'lra/lra_release/listops-1000/basic_train.tsv': file([
      ...rows(8, 0),
      '( ( ( [SM 9 ) 8 ) ] )\t7',
    ]),
    'lra/lra_release/listops-1000/basic_val.tsv': file(rows(3, 1)),
    'lra/lra_release/listops-1000/basic_test.tsv': file(rows(2, 2)),
  };
}

/** LRA AAN TSVs (no header; label, ids, two bytes literals) under `lra/tsv_data/`. */
export function aanFiles(): Files {
  const line = (label: string, first: string, second: string) =>
    `${label}\tid-a\tid-b\t${first}\t${second}`;
  return {
    'lra/tsv_data/new_aan_pairs.train.tsv': text(
      [
        line('1', String.raw`b'We cite \'x\'.\n'`, String.raw`b"x: a \"paper\""`),
        line('0', String.raw`b'abc\xe9'`, `b'${'z'.repeat(4100)}'`),
        line('1.0', String.raw`b'ab'`, String.raw`b'ba'`),
        '',
      ].join('\n'),
    ),
    'lra/tsv_data/new_aan_pairs.eval.tsv': text(line('0', `b'ab'`, `b'qq'`) + '\n'),
    'lra/tsv_data/new_aan_pairs.test.tsv': text(line('1', `b'a'`, `b'b'`) + '\n'),
  };
}

/**
 * A Pathfinder level folder `lra/pathfinder<res>/<level>/` with `count` 8-bit grey PNGs over two
 * metadata files; `label(i)` = i % 2.
 */
export function pathfinderFiles(resolution: number, level: string, count: number): Files {
  const files: Files = {};
  const base = `lra/pathfinder${resolution}/${level}`;
  const lines: string[][] = [[], []];
  for (let i = 0; i < count; i++) {
    const folder = i % 2;
    const pixels = Uint8Array.from({ length: resolution * resolution }, (_, p) =>
      p === i ? 255 : (i * 7) % 256,
    );
    files[`${base}/imgs/${folder}/sample_${i}.png`] = writePng(resolution, resolution, pixels);
    lines[folder]!.push(`imgs/${folder} sample_${i}.png 0 ${i % 2} 3 4`);
  }
  files[`${base}/metadata/0.npy`] = text(lines[0]!.join('\n') + '\n');
  files[`${base}/metadata/1.npy`] = text(lines[1]!.join('\n') + '\n');
  return files;
}
