import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imdbArchive } from '../__fixtures__/datasets.js';
import { gatherBatch } from '../batches.js';
import { loadDataset } from '../registry.js';
import { createMemoryDataStore } from '../store/memory-data-store.js';
import { setTarReader } from '../store/tar-reader.js';
import { readTarMembers } from '../node/tar.js';

// 20 training reviews: 'a' and 'b' appear ≥ 15 times, 'z' (and 'é') fewer, so they map to <unk>.
const train: Array<[string, string]> = Array.from({ length: 20 }, (_, i) => [
  `train/${i % 2 ? 'pos' : 'neg'}/${i}_${i % 2 ? 9 : 2}.txt`,
  i === 0 ? 'ab'.repeat(2100) : i === 1 ? 'zé' : 'ab',
]);
const test: Array<[string, string]> = [
  ['test/pos/0_10.txt', 'ba z'],
  ['test/neg/1_1.txt', 'a'],
];

describe('IMDB', () => {
  // The Node entry's reader, as useNodeDataStore() installs it.
  beforeAll(() => setTarReader(readTarMembers));
  afterAll(() => setTarReader(undefined));

  it('tokenises characters with the train vocabulary (min frequency 15), appends <eos>, holds out val', async () => {
    const store = createMemoryDataStore({
      'imdb/aclImdb_v1.tar.gz': await imdbArchive([...train, ...test]),
    });
    const data = await loadDataset('imdb', { store });
    expect(data.view.kind === 'text' && data.view.vocabulary).toEqual([
      '<pad>',
      '<unk>',
      '<eos>',
      'a',
      'b',
    ]);
    expect([data.seqLength, data.inputDim, data.nClasses]).toEqual([4096, 5, 2]);
    expect([data.train.size, data.val.size, data.test.size]).toEqual([18, 2, 2]);
    // Test order: neg before pos; 'ba z' → b a <unk> <unk> <eos>
    const batch = gatherBatch(data.test, Int32Array.of(0, 1));
    expect(batch.encoding).toBe('tokens');
    expect([...batch.y]).toEqual([0, 1]);
    expect([...batch.x.subarray(0, 3)]).toEqual([3, 2, 0]);
    expect([...batch.x.subarray(4096, 4096 + 6)]).toEqual([4, 3, 1, 1, 2, 0]);
    expect([...batch.mask.subarray(4096, 4096 + 6)]).toEqual([1, 1, 1, 1, 1, 0]);
    expect(batch.xShape).toEqual([2, 4096, 5]);
    // The long review is truncated to 4095 characters + <eos>.
    const all = await loadDataset('imdb', { store, splitSeed: 1 });
    const lengths = [...all.train.validSteps, ...all.val.validSteps].filter((_, i) => i % 2 === 1);
    expect(Math.max(...lengths)).toBe(4096);
  });

  it('caches the tokenised tensors and rebuilds them when the archive changes', async () => {
    const store = createMemoryDataStore({
      'imdb/aclImdb_v1.tar.gz': await imdbArchive([...train, ...test]),
    });
    const notices: string[] = [];
    await loadDataset('imdb', { store, onNotice: (m: string) => notices.push(m) });
    expect(store.caches.has('imdb.olrdcache')).toBe(true);
    await loadDataset('imdb', { store, onNotice: (m: string) => notices.push(m) });
    expect(notices).toHaveLength(1);
    store.files.set(
      'imdb/aclImdb_v1.tar.gz',
      await imdbArchive([...train, ...test, ['test/pos/2_8.txt', 'aa']]),
    );
    const changed = await loadDataset('imdb', { store, onNotice: (m: string) => notices.push(m) });
    expect(notices[1]).toMatch(
      /imdb\.olrdcache: building the preprocessed cache \(its source files changed\)/,
    );
    expect(changed.test.size).toBe(3);
  });

  it('needs a tar reader: without one the error says how to install it', async () => {
    const store = createMemoryDataStore({
      'imdb/aclImdb_v1.tar.gz': await imdbArchive([...train, ...test]),
    });
    setTarReader(undefined);
    try {
      await expect(loadDataset('imdb', { store })).rejects.toThrow(
        /imdb\/aclImdb_v1\.tar\.gz is a tar archive and no tar reader is installed: .*useNodeDataStore\(\)/,
      );
    } finally {
      setTarReader(readTarMembers);
    }
  });
});
