/**
 * IMDB reviews at character level (spec 3, the reference's `imdb-classification`): code points,
 * vocabulary from the training reviews (each truncated to 4095 characters) with min frequency 15,
 * specials `<pad>` = 0, `<unk>`, `<eos>`; each review truncated to 4095 and `<eos>` appended, padded
 * to T = 4096; one-hot input. Read from `aclImdb_v1.tar.gz` (`{train,test}/{pos,neg}/*.txt`).
 * Unlike the reference (no val split, model selection on test), 10 % of train is held out as val.
 */
import { DataFormatError } from '../errors.js';
import { requireFiles, type NeededFile } from '../sources/require-files.js';
import { fingerprintFiles, loadOrBuild, type CacheContent } from '../store/cached-build.js';
import type { DataStore } from '../store/data-store.js';
import { requireTarReader } from '../store/tar-reader.js';
import type { TokenIds, TokenSplit } from '../split-types.js';
import { allocateTokenIds, encodeRow } from '../text/encode-tokens.js';
import { characterTokens } from '../text/tokenizers.js';
import {
  buildVocabulary,
  TEXT_SPECIALS,
  TokenCounter,
  vocabularyFromTokens,
} from '../text/vocabulary.js';
import type { Dataset, DatasetEntry } from '../types.js';
import { holdoutSplits } from './build-splits.js';
import { FILE_TASK_OPTION_HELP, readFileTaskOptions } from './file-task-options.js';
import { tokenSplit } from './token-split.js';

/** IMDB sequence length (4095 characters + `<eos>`). */
export const IMDB_SEQ_LENGTH = 4096;
const MIN_FREQUENCY = 15;
const IMDB_FILES: readonly NeededFile[] = [
  { label: 'imdb/aclImdb_v1.tar.gz', candidates: ['imdb/aclImdb_v1.tar.gz'] },
];
const MEMBER = /(?:^|\/)(train|test)\/(pos|neg)\/([^/]+)\.txt$/;

interface Review {
  readonly split: 'train' | 'test';
  readonly label: 0 | 1;
  readonly key: string;
  readonly text: string;
}

async function readReviews(store: DataStore, archivePath: string): Promise<Review[]> {
  const readTarMembers = requireTarReader(archivePath);
  const archive = await store.read(archivePath);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reviews: Review[] = [];
  await readTarMembers(
    archive,
    archivePath,
    (name) => MEMBER.test(name),
    (name, bytes) => {
      const [, split, polarity, stem] = MEMBER.exec(name)!;
      let text: string;
      try {
        text = decoder.decode(bytes);
      } catch {
        throw new DataFormatError(`${archivePath}:${name}`, { byte: 0 }, 'not valid UTF-8 text');
      }
      reviews.push({
        split: split as Review['split'],
        label: polarity === 'pos' ? 1 : 0,
        key: stem!,
        text,
      });
    },
  );
  // A fixed order (split, neg before pos, numeric file id) independent of the archive's member order.
  const id = (key: string) => Number.parseInt(key, 10);
  reviews.sort(
    (a, b) =>
      a.split.localeCompare(b.split) ||
      a.label - b.label ||
      id(a.key) - id(b.key) ||
      a.key.localeCompare(b.key),
  );
  return reviews;
}

async function buildImdbArrays(store: DataStore, archivePath: string): Promise<CacheContent> {
  const reviews = await readReviews(store, archivePath);
  const counter = new TokenCounter();
  for (const review of reviews) {
    if (review.split === 'train')
      counter.add(characterTokens(review.text).slice(0, IMDB_SEQ_LENGTH - 1));
  }
  const vocabulary = buildVocabulary(counter, MIN_FREQUENCY);
  const arrays: Record<string, TokenIds | Int32Array> = {};
  for (const split of ['train', 'test'] as const) {
    const rows = reviews.filter((review) => review.split === split);
    if (rows.length === 0) {
      throw new DataFormatError(
        archivePath,
        { byte: 0 },
        `the archive holds no ${split}/{pos,neg}/*.txt reviews`,
      );
    }
    const ids = allocateTokenIds(rows.length * IMDB_SEQ_LENGTH, vocabulary.tokens.length);
    const lengths = new Int32Array(rows.length);
    rows.forEach((review, row) => {
      lengths[row] = encodeRow(characterTokens(review.text), vocabulary, ids, row, IMDB_SEQ_LENGTH);
    });
    arrays[`${split}Ids`] = ids;
    arrays[`${split}Lengths`] = lengths;
    arrays[`${split}Labels`] = Int32Array.from(rows, (review) => review.label);
  }
  return { arrays, meta: { vocabulary: [...vocabulary.tokens] } };
}

async function createImdbDataset(
  options: Readonly<Record<string, unknown>>,
): Promise<Dataset<TokenSplit>> {
  const shared = readFileTaskOptions('imdb', options, []);
  const [archivePath] = await requireFiles(shared.store, 'imdb', 'imdb', IMDB_FILES);
  const recipe = {
    task: 'imdb',
    version: 1,
    tokenizer: 'characters',
    seqLength: IMDB_SEQ_LENGTH,
    minFrequency: MIN_FREQUENCY,
    specials: [...TEXT_SPECIALS],
    eos: true,
  };
  const { content } = await loadOrBuild(
    shared.store,
    {
      name: 'imdb.olrdcache',
      recipe,
      sources: await fingerprintFiles(shared.store, [archivePath!]),
    },
    () => buildImdbArrays(shared.store, archivePath!),
    shared.notice,
  );
  const vocabulary = vocabularyFromTokens((content.meta as { vocabulary: string[] }).vocabulary);
  const V = vocabulary.tokens.length;
  const split = (name: 'train' | 'test') =>
    tokenSplit(
      content.arrays[`${name}Ids`] as TokenIds,
      content.arrays[`${name}Lengths`] as Int32Array,
      content.arrays[`${name}Labels`] as Int32Array,
      IMDB_SEQ_LENGTH,
      V,
    );
  const splits = holdoutSplits(split('train'), split('test'), 0.1, shared);
  return {
    name: 'imdb',
    description: `IMDB reviews, characters (vocabulary ${V}), T=${IMDB_SEQ_LENGTH}; train/val/test ${splits.train.size}/${splits.val.size}/${splits.test.size} (val held out from train)`,
    kind: 'classification',
    ...splits,
    seqLength: IMDB_SEQ_LENGTH,
    inputDim: V,
    nClasses: 2,
    multidim: 1,
    trainSize: splits.train.size,
    options: { ...shared.recorded, dataLocation: shared.store.location },
    view: { kind: 'text', vocabulary: vocabulary.tokens, separator: '' },
    labelNames: ['negative', 'positive'],
  };
}

/** Registry entry of `imdb`. */
export const imdbEntry: DatasetEntry = {
  name: 'imdb',
  description:
    'IMDB sentiment, character level: T=4096, one-hot vocabulary ≈135, 2 classes, 22.5k/2.5k/25k',
  source: 'files',
  dataSource: 'imdb',
  files: IMDB_FILES,
  options: FILE_TASK_OPTION_HELP,
  create: createImdbDataset,
};
