/**
 * LRA Retrieval / AAN (spec 3): does paper 1 cite paper 2? Each example is two byte-level
 * documents from `new_aan_pairs.{train,eval,test}.tsv` (no header; label, id1, id2, text1, text2,
 * the texts being Python bytes literals `b'…'`, decoded faithfully). Vocabulary from the training
 * documents' bytes with specials `<pad>`, `<unk>`, `<eos>`; each document truncated to 3999 bytes
 * plus `<eos>` (L = 4000). Stored as pairs `x [n, 2, 4000]` with their lengths; models read the
 * packed concatenation (see `concatenateTokenPairs`), T = 8000, with the label counted while
 * document 2 is read. The tokenised pairs are cached.
 */
import { DataFormatError } from '../errors.js';
import { decodePythonBytesLiteral, isPythonBytesLiteral } from '../formats/python-bytes-literal.js';
import { iterateTsvRecords } from '../formats/tsv.js';
import { lraCandidates } from '../sources/data-sources.js';
import { requireFiles, type NeededFile } from '../sources/require-files.js';
import { fingerprintFiles, loadOrBuild, type CacheContent } from '../store/cached-build.js';
import type { DataStore } from '../store/data-store.js';
import type { TokenIds, TokenPairSplit } from '../split-types.js';
import { allocateTokenIds } from '../text/encode-tokens.js';
import { byteToken } from '../text/tokenizers.js';
import {
  buildVocabulary,
  EOS_ID,
  TEXT_SPECIALS,
  TokenCounter,
  vocabularyFromTokens,
} from '../text/vocabulary.js';
import type { Dataset, DatasetEntry } from '../types.js';
import { limitSplits } from './build-splits.js';
import { FILE_TASK_OPTION_HELP, readFileTaskOptions } from './file-task-options.js';

/** Padded length of each AAN document (3999 bytes + `<eos>`). */
export const AAN_DOCUMENT_LENGTH = 4000;
const FILES = { train: 'train', val: 'eval', test: 'test' } as const;
type SplitName = keyof typeof FILES;
const AAN_FILES: readonly NeededFile[] = Object.values(FILES).map((file) => ({
  label: `lra/tsv_data/new_aan_pairs.${file}.tsv`,
  candidates: lraCandidates(`tsv_data/new_aan_pairs.${file}.tsv`),
}));

function decodeText(field: string, file: string, line: number, column: string): Uint8Array {
  if (!isPythonBytesLiteral(field)) return new TextEncoder().encode(field);
  try {
    return decodePythonBytesLiteral(field);
  } catch (error) {
    throw new DataFormatError(file, { line }, `${column}: ${(error as Error).message}`);
  }
}

/** Non-empty lines of a file given as bytes (the AAN files are unquoted: one record per line). */
function countRecords(bytes: Uint8Array): number {
  let count = 0;
  let start = 0;
  while (start < bytes.length) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline < 0 ? bytes.length : newline;
    if (end > start && !(end === start + 1 && bytes[start] === 0x0d)) count++;
    start = end + 1;
  }
  return count;
}

/**
 * One AAN file: raw document bytes truncated to L − 1, `[n, 2, L]` (mapped to ids later, in
 * place), their lengths and the labels. Memory stays at the size of the result.
 */
interface RawPairs {
  readonly bytes: Uint8Array;
  readonly lengths: Int32Array;
  readonly labels: Int32Array;
}

/** Parses one AAN TSV file (see the module comment). */
export function parseAanTsv(bytes: Uint8Array, file: string): RawPairs {
  const L = AAN_DOCUMENT_LENGTH;
  const n = countRecords(bytes);
  const raw = new Uint8Array(n * 2 * L);
  const lengths = new Int32Array(n * 2);
  const labels = new Int32Array(n);
  let i = 0;
  for (const { line, fields } of iterateTsvRecords(bytes, file, {
    quoting: false,
    fieldCount: 5,
  })) {
    const label = Number(fields[0]);
    if (label !== 0 && label !== 1) {
      throw new DataFormatError(
        file,
        { line },
        `label (column 1) must be 0 or 1, got '${fields[0]}'`,
      );
    }
    labels[i] = label;
    [fields[3]!, fields[4]!].forEach((text, d) => {
      const document = decodeText(text, file, line, d === 0 ? 'text1' : 'text2');
      const kept = Math.min(document.length, L - 1);
      raw.set(document.subarray(0, kept), (2 * i + d) * L);
      lengths[2 * i + d] = kept;
    });
    i++;
  }
  return { bytes: raw, lengths, labels };
}

/** Byte vocabulary from the training documents, then ids (in place when they fit in a byte). */
function encodePairs(pairs: Record<SplitName, RawPairs>): CacheContent {
  const L = AAN_DOCUMENT_LENGTH;
  const counts = new Float64Array(256);
  const train = pairs.train;
  for (let doc = 0; doc < train.lengths.length; doc++) {
    for (let k = 0; k < train.lengths[doc]!; k++) counts[train.bytes[doc * L + k]!]!++;
  }
  const counter = new TokenCounter();
  counts.forEach((count, byte) => count > 0 && counter.counts.set(byteToken(byte), count));
  const vocabulary = buildVocabulary(counter, 1);
  const idOfByte = Int32Array.from({ length: 256 }, (_, byte) => vocabulary.idOf(byteToken(byte)));
  const arrays: CacheContent['arrays'] = {};
  for (const split of Object.keys(FILES) as SplitName[]) {
    const { bytes, lengths, labels } = pairs[split];
    const ids =
      vocabulary.tokens.length <= 256
        ? bytes
        : allocateTokenIds(bytes.length, vocabulary.tokens.length);
    const validLengths = new Int32Array(lengths.length);
    for (let doc = 0; doc < lengths.length; doc++) {
      const kept = lengths[doc]!;
      for (let k = 0; k < kept; k++) ids[doc * L + k] = idOfByte[bytes[doc * L + k]!]!;
      ids[doc * L + kept] = EOS_ID;
      validLengths[doc] = kept + 1;
    }
    Object.assign(arrays, {
      [`${split}Ids`]: ids,
      [`${split}Lengths`]: validLengths,
      [`${split}Labels`]: labels,
    });
  }
  return { arrays, meta: { vocabulary: [...vocabulary.tokens] } };
}

/** A {@link TokenPairSplit} from encoded pairs. */
export function tokenPairSplit(
  ids: TokenIds,
  lengths: Int32Array,
  labels: Int32Array,
  vocabularySize: number,
): TokenPairSplit {
  const size = labels.length;
  const validSteps = new Int32Array(size * 2);
  for (let i = 0; i < size; i++) {
    validSteps[2 * i] = lengths[2 * i]!;
    validSteps[2 * i + 1] = lengths[2 * i]! + lengths[2 * i + 1]!;
  }
  return {
    encoding: 'token-pairs',
    x: ids,
    lengths,
    documentLength: AAN_DOCUMENT_LENGTH,
    y: labels,
    yShape: [],
    validSteps,
    size,
    xShape: [2 * AAN_DOCUMENT_LENGTH, vocabularySize],
  };
}

async function buildAan(store: DataStore, paths: string[]): Promise<CacheContent> {
  const pairs = {} as Record<SplitName, RawPairs>;
  for (const [i, split] of (Object.keys(FILES) as SplitName[]).entries()) {
    pairs[split] = parseAanTsv(await store.read(paths[i]!), paths[i]!);
  }
  return encodePairs(pairs);
}

async function createAanDataset(
  options: Readonly<Record<string, unknown>>,
): Promise<Dataset<TokenPairSplit>> {
  const shared = readFileTaskOptions('aan', options, []);
  const paths = await requireFiles(shared.store, 'aan', 'lra', AAN_FILES);
  const recipe = {
    task: 'aan',
    version: 1,
    tokenizer: 'bytes',
    documentLength: AAN_DOCUMENT_LENGTH,
    minFrequency: 1,
    specials: [...TEXT_SPECIALS],
    eos: true,
  };
  const { content } = await loadOrBuild(
    shared.store,
    { name: 'aan.olrdcache', recipe, sources: await fingerprintFiles(shared.store, paths) },
    () => buildAan(shared.store, paths),
    shared.notice,
  );
  const vocabulary = vocabularyFromTokens((content.meta as { vocabulary: string[] }).vocabulary);
  const V = vocabulary.tokens.length;
  const split = (name: SplitName) =>
    tokenPairSplit(
      content.arrays[`${name}Ids`] as TokenIds,
      content.arrays[`${name}Lengths`] as Int32Array,
      content.arrays[`${name}Labels`] as Int32Array,
      V,
    );
  const splits = limitSplits(
    { train: split('train'), val: split('val'), test: split('test') },
    shared,
  );
  return {
    name: 'aan',
    description: `LRA Retrieval (AAN): document pairs, bytes (vocabulary ${V}), 2 × ${AAN_DOCUMENT_LENGTH}; train/val/test ${splits.train.size}/${splits.val.size}/${splits.test.size}`,
    kind: 'classification',
    ...splits,
    seqLength: 2 * AAN_DOCUMENT_LENGTH,
    inputDim: V,
    nClasses: 2,
    multidim: 1,
    trainSize: splits.train.size,
    options: { ...shared.recorded, dataLocation: shared.store.location },
    view: { kind: 'text', vocabulary: vocabulary.tokens, separator: '' },
    labelNames: ['not linked', 'linked'],
  };
}

/** Registry entry of `aan`. */
export const aanEntry: DatasetEntry = {
  name: 'aan',
  description:
    'LRA Retrieval (AAN): are two papers linked by citation; two byte-level documents of 4000, 2 classes',
  source: 'files',
  dataSource: 'lra',
  files: AAN_FILES,
  options: FILE_TASK_OPTION_HELP,
  create: createAanDataset,
};
