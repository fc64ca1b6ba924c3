/**
 * LRA ListOps (spec 3): `basic_{train,val,test}.tsv` (header `Source	Target`) or the seeded
 * generator; tokens from `]` → `X`, parentheses dropped, split on whitespace; vocabulary from train
 * with specials `<pad>`, `<unk>`, `<eos>`; truncated to 2047 tokens plus `<eos>`, T = 2048; one-hot.
 * The generator can also make short expressions with a matching short T (`seqLength`), e.g. for the
 * web app. The tokenised tensors are cached (recipe + source checksums, or the generator settings).
 */
import { DataFormatError, DatasetOptionsError } from '../errors.js';
import { iterateTsvRecords } from '../formats/tsv.js';
import { readEnum, readInteger } from '../options.js';
import { lraCandidates } from '../sources/data-sources.js';
import { requireFiles, type NeededFile } from '../sources/require-files.js';
import {
  fingerprintFiles,
  loadOrBuild,
  type CacheContent,
  type CacheRequest,
} from '../store/cached-build.js';
import type { DataStore } from '../store/data-store.js';
import type { TokenIds, TokenSplit } from '../split-types.js';
import { allocateTokenIds } from '../text/encode-tokens.js';
import { listOpsTokens } from '../text/tokenizers.js';
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
import {
  generateListOpsCodes,
  LISTOPS_CODE_TOKENS,
  type ListOpsGeneratorOptions,
} from './listops-generator.js';
import { tokenSplit } from './token-split.js';

/** ListOps sequence length. */
export const LISTOPS_SEQ_LENGTH = 2048;
const SPLITS = ['train', 'val', 'test'] as const;
type SplitName = (typeof SPLITS)[number];
const LISTOPS_FILES: readonly NeededFile[] = SPLITS.map((split) => ({
  label: `lra/listops-1000/basic_${split}.tsv`,
  candidates: lraCandidates(`listops-1000/basic_${split}.tsv`),
}));

/**
 * Examples as compact token codes (an index into a code → token table), truncated to T − 1:
 * the whole of ListOps as strings would take gigabytes.
 */
interface CodedSplit {
  readonly codes: Array<Uint8Array | Uint16Array>;
  readonly targets: Int32Array;
}
type CodedRows = Record<SplitName, CodedSplit>;

/** Reads one LRA TSV into codes, growing `dictionary` (token → code) as tokens appear. */
function readListOpsTsv(
  bytes: Uint8Array,
  file: string,
  dictionary: Map<string, number>,
): CodedSplit {
  const codes: Uint16Array[] = [];
  const targets: number[] = [];
  let header = true;
  for (const { line, fields } of iterateTsvRecords(bytes, file, { fieldCount: 2 })) {
    if (header) {
      if (fields[0] !== 'Source' || fields[1] !== 'Target') {
        throw new DataFormatError(file, { line }, "expected the header line 'Source<TAB>Target'");
      }
      header = false;
      continue;
    }
    const target = Number(fields[1]);
    if (!Number.isInteger(target) || target < 0 || target > 9) {
      throw new DataFormatError(
        file,
        { line },
        `Target must be an integer 0–9, got '${fields[1]}'`,
      );
    }
    const tokens = listOpsTokens(fields[0]!).slice(0, LISTOPS_SEQ_LENGTH - 1);
    codes.push(
      Uint16Array.from(tokens, (token) => {
        let code = dictionary.get(token);
        if (code === undefined) dictionary.set(token, (code = dictionary.size));
        return code;
      }),
    );
    targets.push(target);
  }
  if (header) throw new DataFormatError(file, { line: 1 }, 'empty file: no header line');
  return { codes, targets: Int32Array.from(targets) };
}

/** Vocabulary from the training codes, then ids with `<eos>`, padded to T. */
function encodeCodedRows(rows: CodedRows, codeTokens: readonly string[], T: number): CacheContent {
  const counts = new Float64Array(codeTokens.length);
  for (const row of rows.train.codes) {
    for (let i = 0; i < Math.min(row.length, T - 1); i++) counts[row[i]!]!++;
  }
  const counter = new TokenCounter();
  counts.forEach((count, code) => count > 0 && counter.counts.set(codeTokens[code]!, count));
  const vocabulary = buildVocabulary(counter, 1);
  const idOfCode = Int32Array.from(codeTokens, (token) => vocabulary.idOf(token));
  const arrays: Record<string, TokenIds | Int32Array> = {};
  for (const split of SPLITS) {
    const { codes, targets } = rows[split];
    const ids = allocateTokenIds(codes.length * T, vocabulary.tokens.length);
    const lengths = new Int32Array(codes.length);
    codes.forEach((row, i) => {
      const kept = Math.min(row.length, T - 1);
      for (let k = 0; k < kept; k++) ids[i * T + k] = idOfCode[row[k]!]!;
      ids[i * T + kept] = EOS_ID;
      lengths[i] = kept + 1;
    });
    Object.assign(arrays, {
      [`${split}Ids`]: ids,
      [`${split}Lengths`]: lengths,
      [`${split}Labels`]: targets,
    });
  }
  return { arrays, meta: { vocabulary: [...vocabulary.tokens] } };
}

const RECIPE = {
  task: 'listops',
  version: 2,
  tokenizer: 'listops',
  seqLength: LISTOPS_SEQ_LENGTH,
  minFrequency: 1,
  specials: [...TEXT_SPECIALS],
  eos: true,
};

async function filesRequest(
  store: DataStore,
): Promise<{ request: CacheRequest; build: () => Promise<CacheContent> }> {
  const paths = await requireFiles(store, 'listops', 'lra', LISTOPS_FILES);
  const build = async () => {
    const dictionary = new Map<string, number>();
    const rows = {} as Record<SplitName, CodedSplit>;
    for (const [i, split] of SPLITS.entries()) {
      rows[split] = readListOpsTsv(await store.read(paths[i]!), paths[i]!, dictionary);
    }
    return encodeCodedRows(rows, [...dictionary.keys()], LISTOPS_SEQ_LENGTH);
  };
  const sources = await fingerprintFiles(store, paths);
  return {
    request: { name: 'listops.olrdcache', recipe: { ...RECIPE, source: 'files' }, sources },
    build,
  };
}

function generatorRequest(
  settings: ListOpsGeneratorOptions & {
    seed: number;
    counts: Record<SplitName, number>;
    seqLength: number;
  },
) {
  const build = async () => {
    const { train, val, test } = settings.counts;
    const { codes, targets } = generateListOpsCodes(train + val + test, settings.seed, settings);
    const part = (from: number, to: number): CodedSplit => ({
      codes: codes.slice(from, to),
      targets: targets.slice(from, to),
    });
    const rows: CodedRows = {
      train: part(0, train),
      val: part(train, train + val),
      test: part(train + val, train + val + test),
    };
    return encodeCodedRows(rows, LISTOPS_CODE_TOKENS, settings.seqLength);
  };
  const request: CacheRequest = {
    name: 'listops-generated.olrdcache',
    recipe: {
      ...RECIPE,
      seqLength: settings.seqLength,
      source: 'generator',
      generator: { ...settings },
    },
    sources: [],
  };
  return { request, build };
}

const GENERATOR_OPTIONS = [
  'source',
  'seed',
  'trainSamples',
  'valSamples',
  'testSamples',
  'minLength',
  'maxLength',
  'maxDepth',
  'maxArgs',
  'seqLength',
];

async function createListOpsDataset(
  options: Readonly<Record<string, unknown>>,
): Promise<Dataset<TokenSplit>> {
  const shared = readFileTaskOptions('listops', options, GENERATOR_OPTIONS);
  const source = readEnum('listops', options, 'source', 'files', ['files', 'generator'] as const);
  const int = (key: string, fallback: number, min: number) =>
    readInteger('listops', options, key, fallback, min);
  const settings = {
    seed: int('seed', 0, 0),
    counts: {
      train: int('trainSamples', 96000, 1),
      val: int('valSamples', 2000, 1),
      test: int('testSamples', 2000, 1),
    },
    minLength: 0,
    maxLength: 0,
    maxDepth: int('maxDepth', 10, 1),
    maxArgs: int('maxArgs', 10, 2),
    seqLength: int('seqLength', LISTOPS_SEQ_LENGTH, 2),
  };
  // A short T alone (as `olrd train --seq-length` passes it) means trees that fit it: maxLength
  // defaults to T and minLength to a quarter of it, LRA's 500 : 2000.
  const shortT = options['seqLength'] !== undefined && options['maxLength'] === undefined;
  settings.maxLength = int('maxLength', shortT ? Math.min(settings.seqLength, 2000) : 2000, 2);
  settings.minLength = int(
    'minLength',
    shortT ? Math.min(500, Math.floor(settings.maxLength / 4)) : 500,
    0,
  );
  // Generated trees have fewer than maxLength tokens, so T = maxLength keeps every one whole.
  if (source === 'files' && options['seqLength'] !== undefined) {
    throw new DatasetOptionsError(
      `dataset 'listops': option 'seqLength' applies to source 'generator' only (the LRA files use T = ${LISTOPS_SEQ_LENGTH})`,
    );
  }
  if (source === 'generator' && settings.seqLength < settings.maxLength) {
    throw new DatasetOptionsError(
      `dataset 'listops': seqLength ${settings.seqLength} would cut generated expressions (up to maxLength ${settings.maxLength} tokens with <eos>): make it ≥ maxLength`,
    );
  }
  const T = source === 'files' ? LISTOPS_SEQ_LENGTH : settings.seqLength;
  const { request, build } =
    source === 'files' ? await filesRequest(shared.store) : generatorRequest(settings);
  const { content } = await loadOrBuild(shared.store, request, build, shared.notice);
  const vocabulary = vocabularyFromTokens((content.meta as { vocabulary: string[] }).vocabulary);
  const V = vocabulary.tokens.length;
  const split = (name: SplitName) =>
    tokenSplit(
      content.arrays[`${name}Ids`] as TokenIds,
      content.arrays[`${name}Lengths`] as Int32Array,
      content.arrays[`${name}Labels`] as Int32Array,
      T,
      V,
    );
  const splits = limitSplits(
    { train: split('train'), val: split('val'), test: split('test') },
    shared,
  );
  return {
    name: 'listops',
    description: `LRA ListOps (${source === 'files' ? 'LRA TSV files' : `generated, seed ${settings.seed}`}), vocabulary ${V}, T=${T}; train/val/test ${splits.train.size}/${splits.val.size}/${splits.test.size}`,
    kind: 'classification',
    ...splits,
    seqLength: T,
    inputDim: V,
    nClasses: 10,
    multidim: 1,
    trainSize: splits.train.size,
    options: {
      ...shared.recorded,
      source,
      ...(source === 'generator' ? { ...settings } : { dataLocation: shared.store.location }),
    },
    view: { kind: 'text', vocabulary: vocabulary.tokens, separator: ' ' },
  };
}

/** Registry entry of `listops`. */
export const listOpsEntry: DatasetEntry = {
  name: 'listops',
  description:
    'LRA ListOps: nested MIN/MAX/MED/SM expressions, T=2048, 10 classes, 96k/2k/2k (LRA files or a generator)',
  source: 'files',
  dataSource: 'lra',
  files: LISTOPS_FILES,
  offline: 'source=generator',
  options: {
    ...FILE_TASK_OPTION_HELP,
    source: "'files' (LRA basic_*.tsv, default) or 'generator' (the LRA grammar, no download)",
    seed: 'generator seed (default 0)',
    trainSamples: 'generated training examples (default 96000)',
    valSamples: 'generated val examples (default 2000)',
    testSamples: 'generated test examples (default 2000)',
    minLength: 'generator: keep trees with more tokens than this (default 500, or seqLength / 4)',
    maxLength:
      'generator: keep trees with fewer tokens than this (default 2000, or seqLength when given)',
    maxDepth: 'generator: maximum depth (default 10)',
    maxArgs: 'generator: maximum arguments per operator (default 10)',
    seqLength: 'generator: sequence length T, at least maxLength (default 2048)',
  },
  create: createListOpsDataset,
};
