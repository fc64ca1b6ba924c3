/**
 * @olrd/data: datasets for olrd as tensor-free typed arrays (isomorphic: Node and browser).
 * Generators, real-format parsers (IDX, CIFAR-10 binary, gzip, LRA TSV, Pathfinder PNG), the
 * dataset registry, splits, batching, preprocessing caches and example rendering. Downloads, the
 * file-system data store and the tar reader (tar-stream needs Node's `events`) are in
 * `@olrd/data/node`; tasks read tar archives through the `setTarReader` hook.
 */
// Types
export type {
  DatasetSplit,
  DenseSplit,
  GeneratedRow,
  GeneratedSplit,
  MaskedDenseSplit,
  SplitBase,
  SplitEncoding,
  SplitLayout,
  StoredSplit,
  TokenIds,
  TokenPairSplit,
  TokenSplit,
  Uint8Split,
} from './split-types.js';
export type {
  Dataset,
  DatasetEntry,
  DatasetFactory,
  DatasetKind,
  DatasetSourceKind,
  ExampleView,
  TrainingCurriculum,
} from './types.js';
export type {
  ArrayBatch,
  BatchBase,
  DenseArrayBatch,
  TokenArrayBatch,
  TokenPairArrayBatch,
} from './batch-types.js';
// Errors
export { DataFormatError, DataMissingError, DatasetOptionsError } from './errors.js';
export type { FormatErrorLocation } from './errors.js';
// Randomness, splits, batching
export { deriveSeed, mulberry32, mulberry32At } from './prng.js';
export type { Prng } from './prng.js';
export { seededPermutation } from './shuffle.js';
export { allRows, holdoutRows, limitRows, takeRows } from './split-rows.js';
export { countBatches, gatherBatch, iterateBatches } from './batches.js';
export type { BatchOptions } from './batches.js';
export { concatenateTokenPairs } from './token-pairs.js';
export {
  forEachGeneratedRow,
  generatedSplit,
  materialiseSplit,
  writeGeneratedRows,
} from './generated-split.js';
export type { GeneratedSplitSpec } from './generated-split.js';
// Generated tasks
export {
  COPY_BITS,
  COPY_INPUT_DIM,
  COPY_PAD_LENGTH,
  copySeqLength,
  generateCopySplit,
  lazyCopySplit,
} from './copy-task.js';
export { COPY_DATASET_DEFAULTS, copyDatasetEntry, createCopyDataset } from './copy-dataset.js';
export type { CopyDatasetOptions } from './copy-dataset.js';
export {
  COPY_REPEAT_BITS,
  COPY_REPEAT_INPUT_DIM,
  COPY_REPEAT_OUTPUTS,
  copyRepeatSeqLength,
  generateCopyRepeatSplit,
  lazyCopyRepeatSplit,
} from './tasks/copy-repeat-task.js';
export { CopyRepeatCurriculum } from './tasks/copy-repeat-curriculum.js';
export type { CopyRepeatCurriculumOptions } from './tasks/copy-repeat-curriculum.js';
export {
  BP_TOY_INPUT_DIM,
  bpToyPatterns,
  generateBpToySplit,
  lazyBpToySplit,
} from './tasks/bp-toy.js';
export type { BpToySettings } from './tasks/bp-toy.js';
export { generateListOps, listOpsSource, listOpsValue } from './tasks/listops-generator.js';
export type {
  ListOpsGeneratorOptions,
  ListOpsOperator,
  ListOpsTree,
} from './tasks/listops-generator.js';
// Real-data tasks
export { FASHION_MNIST_CLASSES } from './tasks/mnist-family.js';
export type { PixelPermutation } from './tasks/mnist-family.js';
export { bitReversalPermutation, randomPixelPermutation } from './tasks/permutations.js';
export { CIFAR10_CLASSES } from './tasks/cifar.js';
export { IMDB_SEQ_LENGTH } from './tasks/imdb.js';
export { LISTOPS_SEQ_LENGTH } from './tasks/listops.js';
export { AAN_DOCUMENT_LENGTH, parseAanTsv } from './tasks/aan.js';
export {
  PATHFINDER_KNOWN_EMPTY,
  PATHFINDER_LEVELS,
  PATHFINDER_SAMPLES,
  PATHFINDER_SOURCES,
} from './tasks/pathfinder.js';
export type { PathfinderLevel, PathfinderSource } from './tasks/pathfinder.js';
export { PATHFINDER_RESOLUTIONS, pathfinderGeometry } from './tasks/pathfinder-geometry.js';
export type { PathfinderGeometry, PathfinderResolution } from './tasks/pathfinder-geometry.js';
export { samplePathfinderScene } from './tasks/pathfinder-contours.js';
export type { PathfinderScene } from './tasks/pathfinder-contours.js';
export { renderPathfinderScene } from './tasks/pathfinder-render.js';
export {
  generatePathfinderSample,
  pathfinderGeneratedSplit,
  pathfinderRowPrng,
} from './tasks/pathfinder-generated.js';
export type { PathfinderSampleKey } from './tasks/pathfinder-generated.js';
export { FILE_TASK_OPTION_HELP } from './tasks/file-task-options.js';
// Formats
export { gunzipBytes, inflateGzip, isGzip, maybeGunzip } from './formats/gzip.js';
export { parseIdx, parseIdxBytes } from './formats/idx.js';
export type { IdxImages, IdxLabels } from './formats/idx.js';
export { CIFAR_PIXELS, CIFAR_RECORD_BYTES, parseCifarBatch } from './formats/cifar-binary.js';
export type { CifarBatch } from './formats/cifar-binary.js';
export { parseTsv } from './formats/tsv.js';
export type { TsvOptions, TsvRecord } from './formats/tsv.js';
export { decodePythonBytesLiteral, isPythonBytesLiteral } from './formats/python-bytes-literal.js';
export { parsePathfinderMetadata } from './formats/pathfinder-metadata.js';
export type { PathfinderRecord } from './formats/pathfinder-metadata.js';
export { decodeGrayPng } from './formats/png.js';
export type { GrayImage } from './formats/png.js';
// Text
export {
  EOS_ID,
  PAD_ID,
  TEXT_SPECIALS,
  TokenCounter,
  UNK_ID,
  buildVocabulary,
  vocabularyFromTokens,
} from './text/vocabulary.js';
export type { Vocabulary } from './text/vocabulary.js';
export { byteToken, byteTokens, characterTokens, listOpsTokens } from './text/tokenizers.js';
// Stores, sources, caches
export { resolveDataStore, setDefaultDataStore } from './store/data-store.js';
export { requireTarReader, setTarReader } from './store/tar-reader.js';
export type { TarMemberHandler, TarReader } from './store/tar-reader.js';
export type { DataStore, DataStoreResolver, StoredFileInfo } from './store/data-store.js';
export { createMemoryDataStore } from './store/memory-data-store.js';
export type { MemoryDataStore } from './store/memory-data-store.js';
export { sha256Hex } from './store/sha256.js';
export { decodeTensorCache, encodeTensorCache } from './store/tensor-cache.js';
export type { CacheArray, CacheSource, JsonValue, TensorCache } from './store/tensor-cache.js';
export { fingerprintFiles, loadOrBuild } from './store/cached-build.js';
export type { CacheContent, CacheOutcome, CacheRequest } from './store/cached-build.js';
export {
  DATA_SOURCES,
  LRA_MEMBER_PREFIXES,
  LRA_ROOTS,
  lraCandidates,
} from './sources/data-sources.js';
export type { DataSourceId, DataSourceSpec, RemoteFile } from './sources/data-sources.js';
export { requireFiles } from './sources/require-files.js';
export type { NeededFile } from './sources/require-files.js';
// Registry
export {
  datasetEntries,
  datasetNames,
  datasets,
  getDatasetEntry,
  loadDataset,
  registerDataset,
} from './registry.js';
// Streams (truly online learning: one step at a time, no epochs)
export type { Stream, StreamStep } from './streams/stream-types.js';
export { copyStream } from './streams/copy-stream.js';
export type { CopyStreamOptions } from './streams/copy-stream.js';
export { driftStream } from './streams/drift-stream.js';
export type { DriftStreamOptions } from './streams/drift-stream.js';
// Inspection
export { labelHistogram } from './render/label-histogram.js';
export { sequenceLabel } from './render/sequence-label.js';
export { renderExample } from './render/render-example.js';
export { describeDataset } from './render/describe-dataset.js';
export type { DatasetSummary } from './render/describe-dataset.js';
