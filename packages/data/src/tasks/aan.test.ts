import { describe, expect, it } from 'vitest';
import { aanFiles } from '../__fixtures__/datasets.js';
import { gatherBatch } from '../batches.js';
import { loadDataset } from '../registry.js';
import { createMemoryDataStore } from '../store/memory-data-store.js';
import { concatenateTokenPairs } from '../token-pairs.js';

describe('AAN retrieval', () => {
  it('decodes the bytes literals into two byte-level documents per example', async () => {
    const data = await loadDataset('aan', { store: createMemoryDataStore(aanFiles()) });
    expect([data.train.size, data.val.size, data.test.size]).toEqual([3, 1, 1]);
    expect([data.seqLength, data.nClasses]).toEqual([8000, 2]);
    const vocabulary = data.view.kind === 'text' ? data.view.vocabulary : [];
    expect(vocabulary).toContain("'");
    expect(vocabulary).toContain('\\xe9');
    const batch = gatherBatch(data.train, Int32Array.of(0, 1));
    expect(batch.encoding).toBe('token-pairs');
    if (batch.encoding !== 'token-pairs') return;
    const decode = (from: number, length: number) =>
      Array.from(batch.x.subarray(from, from + length), (id) => vocabulary[id]).join('');
    expect(decode(0, 14)).toBe("We cite 'x'.\\x0a<eos>");
    expect(decode(4000, 13)).toBe('x: a "paper"<eos>');
    expect([...batch.lengths]).toEqual([14, 13, 5, 4000]);
    expect([...batch.y]).toEqual([1, 0]);
  });

  it('packs the pair into one sequence with the label counted over document 2', async () => {
    const data = await loadDataset('aan', { store: createMemoryDataStore(aanFiles()) });
    const batch = gatherBatch(data.train, Int32Array.of(0));
    if (batch.encoding !== 'token-pairs') throw new Error('expected pairs');
    const packed = concatenateTokenPairs(batch);
    expect(packed.xShape).toEqual([1, 8000, data.inputDim]);
    expect([...packed.x.subarray(12, 16)]).toEqual([
      batch.x[12],
      batch.x[13],
      batch.x[4000],
      batch.x[4001],
    ]);
    expect(packed.x[27]).toBe(0);
    expect(packed.mask.indexOf(1)).toBe(14);
    expect(packed.mask.lastIndexOf(1)).toBe(26);
  });

  it('reports a malformed literal by file and line', async () => {
    const files = aanFiles();
    files['lra/tsv_data/new_aan_pairs.test.tsv'] = new TextEncoder().encode(
      `1\ta\tb\tb'ok'\tb'\\x4'\n`,
    );
    await expect(loadDataset('aan', { store: createMemoryDataStore(files) })).rejects.toThrow(
      /new_aan_pairs\.test\.tsv: line 1: text2: bad \\x escape/,
    );
  });
});
