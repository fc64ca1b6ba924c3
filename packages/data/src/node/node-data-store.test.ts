import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getDatasetEntry } from '../registry.js';
import { resolveDataDir } from './data-dir.js';
import { lraMemberTarget } from './lra-unpack.js';
import { createNodeDataStore } from './node-data-store.js';
import { taskAvailability } from './task-status.js';

describe('data folder', () => {
  it('prefers --data-dir, then OLRD_DATA_DIR, then the user cache folder', () => {
    expect(resolveDataDir('/x/y', { OLRD_DATA_DIR: '/env' })).toBe('/x/y');
    expect(resolveDataDir('', { OLRD_DATA_DIR: '/env' })).toBe('/env');
    expect(resolveDataDir(undefined, { XDG_CACHE_HOME: '/cache' })).toBe('/cache/olrd');
    expect(resolveDataDir(undefined, {})).toMatch(/olrd$/);
  });
});

describe('createNodeDataStore', () => {
  it('finds files in the data folder first, then in system folders; keeps caches atomically', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'olrd-store-'));
    const system = await mkdtemp(join(tmpdir(), 'olrd-system-'));
    await mkdir(join(dataDir, 'fashion-mnist'));
    await writeFile(join(dataDir, 'fashion-mnist', 'a'), 'local');
    await writeFile(join(system, 'a'), 'system');
    await writeFile(join(system, 'b'), 'system b');
    const store = createNodeDataStore({ dataDir, systemFolders: { 'fashion-mnist': [system] } });
    expect(await store.find(['fashion-mnist/a'])).toBe(join(dataDir, 'fashion-mnist', 'a'));
    expect(await store.find(['fashion-mnist/zz', 'fashion-mnist/b'])).toBe(join(system, 'b'));
    expect(await store.find(['mnist/b'])).toBeUndefined();
    expect(new TextDecoder().decode(await store.read(join(system, 'b')))).toBe('system b');
    expect(await store.list(join(dataDir, 'fashion-mnist'))).toEqual(['a']);
    // sha256('system')
    expect(await store.checksum(join(system, 'a'))).toBe(
      createHash('sha256').update('system').digest('hex'),
    );
    expect(await store.readCache('x.olrdcache')).toBeUndefined();
    await store.writeCache('x.olrdcache', Uint8Array.of(1, 2));
    expect([...(await store.readCache('x.olrdcache'))!]).toEqual([1, 2]);
  });

  it('reports task availability', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'olrd-status-'));
    const store = createNodeDataStore({ dataDir, systemFolders: {} });
    expect(await taskAvailability(getDatasetEntry('copy'), store)).toBe('generated');
    expect(await taskAvailability(getDatasetEntry('listops'), store)).toBe('missing');
    await mkdir(join(dataDir, 'lra'));
    await writeFile(join(dataDir, 'lra', 'lra_release.gz'), 'x');
    expect(await taskAvailability(getDatasetEntry('listops'), store)).toBe('archive');
  });
});

describe('lraMemberTarget', () => {
  it('maps members at any depth and refuses unsafe paths', () => {
    const prefixes = ['listops-1000/'];
    expect(lraMemberTarget('lra_release/lra_release/listops-1000/basic_val.tsv', prefixes)).toBe(
      'listops-1000/basic_val.tsv',
    );
    expect(lraMemberTarget('listops-1000/x', prefixes)).toBe('listops-1000/x');
    expect(lraMemberTarget('lra_release/tsv_data/x', prefixes)).toBeUndefined();
    expect(lraMemberTarget('a/../listops-1000/x', prefixes)).toBeUndefined();
  });
});
