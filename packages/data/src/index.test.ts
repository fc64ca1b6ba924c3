import { describe, expect, it } from 'vitest';
import * as data from './index.js';

describe('@olrd/data entry', () => {
  it('exports the public API', () => {
    for (const name of [
      'createCopyDataset',
      'generateCopySplit',
      'datasets',
      'loadDataset',
      'registerDataset',
      'iterateBatches',
      'countBatches',
      'mulberry32',
      'deriveSeed',
      'DatasetOptionsError',
    ]) {
      expect(data).toHaveProperty(name);
    }
  });
});
