/**
 * LRA Pathfinder (32×32) and Path-X (128×128) (spec 3): are the two dots connected by a path?
 * Two sources: the LRA release's files (default) or the seeded generator (`source: 'generator'`,
 * pathfinder-generated.ts; no download, also at 64×64). Images `<level>/imgs/<k>/sample_<n>.png` listed by the text "metadata .npy" files (sorted by k);
 * grey pixels normalised (x/255 − 0.5)/0.5; a seeded random 80/10/10 split (seed 42). The one known
 * empty image of the release (`pathfinder32/curv_baseline/imgs/0/sample_172.png`) is skipped with a
 * warning; any other unreadable image is an error. The decoded images are cached; the cache is
 * keyed by the metadata files' checksums (the images are identified through them).
 */
import { DataFormatError } from '../errors.js';
import { parsePathfinderMetadata, type PathfinderRecord } from '../formats/pathfinder-metadata.js';
import { decodeGrayPng } from '../formats/png.js';
import { DatasetOptionsError } from '../errors.js';
import { readEnum, readInteger } from '../options.js';
import { lraCandidates } from '../sources/data-sources.js';
import { requireFiles, type NeededFile } from '../sources/require-files.js';
import { fingerprintFiles, loadOrBuild, type CacheContent } from '../store/cached-build.js';
import type { DataStore } from '../store/data-store.js';
import type { GeneratedSplit, Uint8Split } from '../split-types.js';
import type { Dataset, DatasetEntry } from '../types.js';
import { randomSplits } from './build-splits.js';
import {
  FILE_TASK_OPTION_HELP,
  readFileTaskOptions,
  readSplitTaskOptions,
  type FileTaskOptions,
} from './file-task-options.js';
import { imageSplit } from './image-split.js';
import { pathfinderGeneratedSplit } from './pathfinder-generated.js';
import {
  PATHFINDER_LEVELS,
  PATHFINDER_RESOLUTIONS,
  type PathfinderLevel,
  type PathfinderResolution,
} from './pathfinder-geometry.js';

export { PATHFINDER_LEVELS, type PathfinderLevel } from './pathfinder-geometry.js';

/** Where Pathfinder comes from: the LRA release's files, or the generator (no download). */
export const PATHFINDER_SOURCES = ['files', 'generator'] as const;
/** A Pathfinder source. */
export type PathfinderSource = (typeof PATHFINDER_SOURCES)[number];
/** Images per level in the LRA release, the generator's default sample count. */
export const PATHFINDER_SAMPLES = 200000;

/** The release's known empty image, skipped with a warning. */
export const PATHFINDER_KNOWN_EMPTY = 'pathfinder32/curv_baseline/imgs/0/sample_172.png';
const READ_CONCURRENCY = 64;

function levelFolder(resolution: number, level: PathfinderLevel): NeededFile[] {
  const relative = `pathfinder${resolution}/${level}`;
  return [{ label: `lra/${relative}/`, candidates: lraCandidates(relative) }];
}

async function readMetadata(store: DataStore, file: string): Promise<PathfinderRecord[]> {
  return parsePathfinderMetadata(new TextDecoder().decode(await store.read(file)), file);
}

async function buildImages(
  store: DataStore,
  folder: string,
  metadataFiles: string[],
  resolution: number,
  maxImages: number,
  shared: FileTaskOptions,
): Promise<CacheContent> {
  const records: PathfinderRecord[] = [];
  for (const file of metadataFiles) records.push(...(await readMetadata(store, file)));
  const wanted = maxImages > 0 ? records.slice(0, maxImages) : records;
  const pixels = resolution * resolution;
  const images = new Uint8Array(wanted.length * pixels);
  const labels = new Uint8Array(wanted.length);
  const keep = new Uint8Array(wanted.length);
  for (let start = 0; start < wanted.length; start += READ_CONCURRENCY) {
    await Promise.all(
      wanted.slice(start, start + READ_CONCURRENCY).map(async (record, offset) => {
        const i = start + offset;
        const path = store.join(folder, record.image);
        if (path.endsWith(PATHFINDER_KNOWN_EMPTY)) {
          shared.warn(`olrd: skipping ${path}: the LRA release's known empty Pathfinder image`);
          return;
        }
        const image = decodeGrayPng(await store.read(path), path);
        if (image.width !== resolution || image.height !== resolution) {
          throw new DataFormatError(
            path,
            { byte: 16 },
            `expected a ${resolution}×${resolution} image, got ${image.width}×${image.height}`,
          );
        }
        images.set(image.pixels, i * pixels);
        labels[i] = record.label;
        keep[i] = 1;
      }),
    );
    if (start % 20000 === 0 && start > 0)
      shared.notice(`olrd: decoded ${start} of ${wanted.length} Pathfinder images`);
  }
  const kept = keep.reduce((sum, flag) => sum + flag, 0);
  const outImages = new Uint8Array(kept * pixels);
  const outLabels = new Uint8Array(kept);
  for (let i = 0, k = 0; i < wanted.length; i++) {
    if (!keep[i]) continue;
    outImages.set(images.subarray(i * pixels, (i + 1) * pixels), k * pixels);
    outLabels[k++] = labels[i]!;
  }
  return {
    arrays: { images: outImages, labels: outLabels },
    meta: { skipped: wanted.length - kept },
  };
}

const OWN_OPTIONS = ['level', 'maxImages', 'source', 'resolution', 'seed', 'samples'];

function describe(name: string, side: number, level: string, from: string, sizes: number[]) {
  const title = name === 'pathx' ? 'Path-X' : 'Pathfinder';
  return `${title} ${side}×${side}, level ${level} (${from}): T=${side * side}; train/val/test ${sizes.join('/')}`;
}

async function createPathfinderDataset(
  name: 'pathfinder' | 'pathx',
  nativeResolution: 32 | 128,
  options: Readonly<Record<string, unknown>>,
): Promise<Dataset<Uint8Split | GeneratedSplit>> {
  const source = readEnum<PathfinderSource>(name, options, 'source', 'files', PATHFINDER_SOURCES);
  const shared =
    source === 'files'
      ? readFileTaskOptions(name, options, OWN_OPTIONS)
      : readSplitTaskOptions(name, options, OWN_OPTIONS);
  const level = readEnum<PathfinderLevel>(
    name,
    options,
    'level',
    'curv_contour_length_14',
    PATHFINDER_LEVELS,
  );
  const resolution = readInteger(name, options, 'resolution', nativeResolution, 1);
  if (!(PATHFINDER_RESOLUTIONS as readonly number[]).includes(resolution)) {
    throw new DatasetOptionsError(
      `dataset '${name}': option 'resolution' must be one of ${PATHFINDER_RESOLUTIONS.join(', ')}, got ${resolution}`,
    );
  }
  if (source === 'files' && resolution !== nativeResolution) {
    throw new DatasetOptionsError(
      `dataset '${name}': the LRA files are read at ${nativeResolution}×${nativeResolution}; resolution ${resolution} needs source 'generator'`,
    );
  }
  const side = resolution as PathfinderResolution;
  const view = { kind: 'image', height: side, width: side, channels: 1 } as const;
  const common = {
    name,
    kind: 'classification',
    seqLength: side * side,
    inputDim: 1,
    nClasses: 2,
    multidim: 1,
    view,
    labelNames: ['not connected', 'connected'],
  } as const;
  if (source === 'generator') {
    const seed = readInteger(name, options, 'seed', 0, 0, 4294967295);
    const samples = readInteger(name, options, 'samples', PATHFINDER_SAMPLES, 10);
    const all = pathfinderGeneratedSplit({ level, side, seed }, samples);
    const splits = randomSplits(all, shared);
    const sizes = [splits.train.size, splits.val.size, splits.test.size];
    return {
      ...common,
      description: describe(name, side, level, `generated, seed ${seed}`, sizes),
      ...splits,
      trainSize: splits.train.size,
      options: { ...shared.recorded, source, level, resolution, seed, samples },
    };
  }
  const read = await createFromFiles(name, level, side, shared as FileTaskOptions, options);
  return { ...common, ...read, trainSize: read.train.size };
}

async function createFromFiles(
  name: 'pathfinder' | 'pathx',
  level: PathfinderLevel,
  resolution: number,
  shared: FileTaskOptions,
  options: Readonly<Record<string, unknown>>,
): Promise<Pick<Dataset<Uint8Split>, 'description' | 'train' | 'val' | 'test' | 'options'>> {
  const maxImages = readInteger(name, options, 'maxImages', 0, 0);
  const [folder] = await requireFiles(shared.store, name, 'lra', levelFolder(resolution, level));
  const metadataFolder = shared.store.join(folder!, 'metadata');
  const listed = (await shared.store.list(metadataFolder)) ?? [];
  const metadataFiles = listed
    .filter((file) => /^\d+\.npy$/.test(file))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10))
    .map((file) => shared.store.join(metadataFolder, file));
  if (metadataFiles.length === 0) {
    throw new DataFormatError(
      metadataFolder,
      { byte: 0 },
      'no metadata/<k>.npy files: the Pathfinder folder is incomplete',
    );
  }
  const recipe = {
    task: 'pathfinder',
    version: 1,
    resolution,
    level,
    maxImages,
    knownEmpty: PATHFINDER_KNOWN_EMPTY,
  };
  const { content } = await loadOrBuild(
    shared.store,
    {
      name: `pathfinder${resolution}-${level}${maxImages > 0 ? `-first${maxImages}` : ''}.olrdcache`,
      recipe,
      sources: await fingerprintFiles(shared.store, metadataFiles),
    },
    () => buildImages(shared.store, folder!, metadataFiles, resolution, maxImages, shared),
    shared.notice,
  );
  const all = imageSplit(
    content.arrays['images'] as Uint8Array,
    content.arrays['labels'] as Uint8Array,
    resolution * resolution,
    1,
    2 / 255,
    -1,
  );
  const splits = randomSplits(all, shared);
  const sizes = [splits.train.size, splits.val.size, splits.test.size];
  return {
    description: describe(name, resolution, level, 'LRA files', sizes),
    ...splits,
    options: {
      ...shared.recorded,
      source: 'files',
      level,
      maxImages,
      dataLocation: shared.store.location,
    },
  };
}

function entryOptions(nativeResolution: number): Record<string, string> {
  return {
    ...FILE_TASK_OPTION_HELP,
    source: "'files' (the LRA release, default) or 'generator' (seeded, no download)",
    level: `difficulty: ${PATHFINDER_LEVELS.join(', ')} (default curv_contour_length_14, the hardest)`,
    resolution: `image side ${PATHFINDER_RESOLUTIONS.join(', ')} (default ${nativeResolution}; others with source 'generator' only)`,
    maxImages:
      'files: read only the first N images listed by the metadata, before splitting (0 = all)',
    seed: 'generator seed (default 0)',
    samples: `generator: images before the 80/10/10 split (default ${PATHFINDER_SAMPLES}, as the LRA level)`,
  };
}

/** Registry entries of `pathfinder` and `pathx`. */
export const pathfinderEntries: readonly DatasetEntry[] = [
  {
    name: 'pathfinder',
    description:
      'LRA Pathfinder 32×32: are the two dots connected; T=1024, 2 classes, random 80/10/10 (LRA files or a generator)',
    source: 'files',
    dataSource: 'lra',
    files: levelFolder(32, 'curv_contour_length_14'),
    offline: 'source=generator',
    options: entryOptions(32),
    create: (values) => createPathfinderDataset('pathfinder', 32, values),
  },
  {
    name: 'pathx',
    description:
      'LRA Path-X 128×128: Pathfinder at T=16384, 2 classes, random 80/10/10 (LRA files or a generator)',
    source: 'files',
    dataSource: 'lra',
    files: levelFolder(128, 'curv_contour_length_14'),
    offline: 'source=generator',
    options: entryOptions(128),
    create: (values) => createPathfinderDataset('pathx', 128, values),
  },
];
