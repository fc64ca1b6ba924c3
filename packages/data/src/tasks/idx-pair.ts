/**
 * Reading an MNIST-style pair of IDX files (images + labels) from a data store.
 */
import { DataFormatError } from '../errors.js';
import { parseIdx } from '../formats/idx.js';
import type { DataStore } from '../store/data-store.js';

/** Images `pixels [count, rows·cols]` u8 and labels `[count]`. */
export interface LabelledImages {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
}

/**
 * Parses an images file and a labels file and checks they agree.
 *
 * @param classes - labels must be below this
 * @throws DataFormatError when a file has the wrong kind, the counts differ, or a label is out of range.
 */
export async function readIdxPair(
  store: DataStore,
  imagesPath: string,
  labelsPath: string,
  classes: number,
): Promise<LabelledImages> {
  const [images, labels] = await Promise.all([
    store.read(imagesPath).then((bytes) => parseIdx(bytes, imagesPath)),
    store.read(labelsPath).then((bytes) => parseIdx(bytes, labelsPath)),
  ]);
  if (images.kind !== 'images') {
    throw new DataFormatError(
      imagesPath,
      { byte: 0 },
      'expected an IDX image file (magic 0x00000803)',
    );
  }
  if (labels.kind !== 'labels') {
    throw new DataFormatError(
      labelsPath,
      { byte: 0 },
      'expected an IDX label file (magic 0x00000801)',
    );
  }
  if (images.count !== labels.count) {
    throw new DataFormatError(
      labelsPath,
      { byte: 4 },
      `${labels.count} labels but ${imagesPath} has ${images.count} images`,
    );
  }
  const bad = labels.labels.findIndex((label) => label >= classes);
  if (bad >= 0) {
    throw new DataFormatError(
      labelsPath,
      { byte: 8 + bad },
      `label ${labels.labels[bad]} is not below ${classes}`,
    );
  }
  return {
    count: images.count,
    rows: images.rows,
    cols: images.cols,
    pixels: images.pixels,
    labels: labels.labels,
  };
}
