import { describe, expect, it } from 'vitest';
import { listOpsFiles } from '../__fixtures__/datasets.js';
import { gatherBatch } from '../batches.js';
import { loadDataset } from '../registry.js';
import { createMemoryDataStore } from '../store/memory-data-store.js';
import { listOpsTokens } from '../text/tokenizers.js';
import {
  generateListOps,
  listOpsSource,
  listOpsValue,
  type ListOpsTree,
} from './listops-generator.js';

describe('ListOps generator (LRA grammar)', () => {
  it('writes the LRA text form and evaluates MIN, MAX, MED (floored mean of the middle two) and SM', () => {
    const tree: ListOpsTree = { op: '[MAX', args: [2, { op: '[MED', args: [1, 4, 8, 9] }, 3] };
    expect(listOpsSource(tree)).toBe(
      '( ( ( ( [MAX 2 ) ( ( ( ( ( [MED 1 ) 4 ) 8 ) 9 ) ] ) ) 3 ) ] )',
    );
    expect(listOpsValue(tree)).toBe(6);
    expect(listOpsValue({ op: '[SM', args: [9, 8, 7] })).toBe(4);
    expect(listOpsValue({ op: '[MIN', args: [5, { op: '[MED', args: [3, 1, 2] }] })).toBe(2);
  });

  it('keeps distinct trees within the length bounds, deterministically per seed', () => {
    const options = { maxDepth: 10, maxArgs: 10, minLength: 20, maxLength: 60 };
    const rows = generateListOps(30, 3, options);
    expect(new Set(rows.map((row) => row.source)).size).toBe(30);
    for (const row of rows) {
      const length = listOpsTokens(row.source).length;
      expect(length).toBeGreaterThan(20);
      expect(length).toBeLessThan(60);
      expect(row.target).toBeGreaterThanOrEqual(0);
      expect(row.target).toBeLessThanOrEqual(9);
    }
    expect(generateListOps(30, 3, options)).toEqual(rows);
  });
});

describe('listops dataset', () => {
  it('reads the LRA TSVs: vocabulary from train, <eos>, T = 2048, LRA splits', async () => {
    const store = createMemoryDataStore(listOpsFiles());
    const data = await loadDataset('listops', { store });
    expect([data.train.size, data.val.size, data.test.size]).toEqual([9, 3, 2]);
    expect([data.seqLength, data.nClasses]).toEqual([2048, 10]);
    const vocabulary = data.view.kind === 'text' ? data.view.vocabulary : [];
    expect(vocabulary.slice(0, 3)).toEqual(['<pad>', '<unk>', '<eos>']);
    expect(vocabulary).toContain('[MAX');
    expect(vocabulary).toContain('X');
    const batch = gatherBatch(data.train, Int32Array.of(8));
    const decoded = Array.from(batch.x.subarray(0, 6), (id) => vocabulary[id]);
    expect(decoded).toEqual(['[SM', '9', '8', 'X', '<eos>', '<pad>']);
    expect(batch.y[0]).toBe(7);
  });

  it('runs without files through the generator, and reports malformed TSVs by line', async () => {
    const store = createMemoryDataStore();
    const data = await loadDataset('listops', {
      store,
      source: 'generator',
      trainSamples: 12,
      valSamples: 3,
      testSamples: 3,
      minLength: 10,
      maxLength: 40,
    });
    expect([data.train.size, data.val.size, data.test.size]).toEqual([12, 3, 3]);
    expect(store.caches.has('listops-generated.olrdcache')).toBe(true);
    const broken = listOpsFiles();
    broken['lra/lra_release/listops-1000/basic_val.tsv'] = new TextEncoder().encode(
      'Source\tTarget\n( [MIN 1 ] )\t12\n',
    );
    await expect(loadDataset('listops', { store: createMemoryDataStore(broken) })).rejects.toThrow(
      /basic_val\.tsv: line 2: Target must be an integer 0–9, got '12'/,
    );
  });

  it('makes short generated expressions with a matching short T (seqLength), never cut', async () => {
    const options = {
      store: createMemoryDataStore(),
      source: 'generator',
      trainSamples: 20,
      valSamples: 2,
      testSamples: 2,
      minLength: 10,
      maxLength: 30,
      seqLength: 30,
    };
    const data = await loadDataset('listops', options);
    expect([data.seqLength, data.train.xShape[0]]).toEqual([30, 30]);
    const vocabulary = data.view.kind === 'text' ? data.view.vocabulary : [];
    const batch = gatherBatch(
      data.train,
      Int32Array.from({ length: 20 }, (_, i) => i),
    );
    for (let row = 0; row < 20; row++) {
      const ids = Array.from(batch.x.subarray(row * 30, (row + 1) * 30));
      const tokens = ids.map((id) => vocabulary[id]);
      const end = tokens.indexOf('<eos>');
      // Every expression is whole: more than minLength tokens, then <eos>, then padding only.
      expect(end).toBeGreaterThan(10);
      expect(tokens.slice(end + 1).every((token) => token === '<pad>')).toBe(true);
      expect(batch.mask.subarray(row * 30, (row + 1) * 30).reduce((a, b) => a + b, 0)).toBe(
        end + 1,
      );
    }
    // T alone (as olrd train passes it): trees between T/4 and T tokens, every one whole.
    const short = await loadDataset('listops', {
      store: createMemoryDataStore(),
      source: 'generator',
      trainSamples: 12,
      valSamples: 2,
      testSamples: 2,
      seqLength: 40,
    });
    expect(short.options).toMatchObject({ minLength: 10, maxLength: 40, seqLength: 40 });
    const rows = gatherBatch(
      short.train,
      Int32Array.from({ length: 12 }, (_, i) => i),
    );
    for (let row = 0; row < 12; row++) {
      const valid = rows.mask.subarray(row * 40, (row + 1) * 40).reduce((a, b) => a + b, 0);
      expect(valid).toBeGreaterThan(11);
      expect(valid).toBeLessThanOrEqual(40);
    }
    await expect(loadDataset('listops', { ...options, seqLength: 20 })).rejects.toThrow(
      /seqLength 20 would cut generated expressions .* make it ≥ maxLength/,
    );
    await expect(
      loadDataset('listops', { store: createMemoryDataStore(listOpsFiles()), seqLength: 64 }),
    ).rejects.toThrow(/'seqLength' applies to source 'generator' only/);
  });
});
