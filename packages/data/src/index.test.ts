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
      'DataFormatError',
      'DataMissingError',
      'gatherBatch',
      'concatenateTokenPairs',
      'createMemoryDataStore',
      'setDefaultDataStore',
      'loadOrBuild',
      'parseIdx',
      'parseCifarBatch',
      'setTarReader',
      'requireTarReader',
      'parseTsv',
      'decodePythonBytesLiteral',
      'decodeGrayPng',
      'generateListOps',
      'pathfinderGeneratedSplit',
      'generatePathfinderSample',
      'CopyRepeatCurriculum',
      'bitReversalPermutation',
      'renderExample',
      'describeDataset',
      'DATA_SOURCES',
    ]) {
      expect(data).toHaveProperty(name);
    }
  });
});

describe('@olrd/data main entry is isomorphic', () => {
  it('imports no node: modules outside src/node.ts and the files only it imports', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const root = new URL('.', import.meta.url).pathname;
    const offenders: string[] = [];
    const walk = async (folder: string): Promise<void> => {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'node' && entry.name !== '__fixtures__') await walk(path);
        } else if (
          /\.ts$/.test(entry.name) &&
          !/\.test\.ts$/.test(entry.name) &&
          entry.name !== 'node.ts'
        ) {
          if (/from 'node:/.test(await readFile(path, 'utf8'))) offenders.push(path);
        }
      }
    };
    await walk(root);
    expect(offenders).toEqual([]);
  });
});
