import { describe, expect, it } from 'vitest';
import { createMemoryDataStore } from './memory-data-store.js';
import { fingerprintFiles, loadOrBuild } from './cached-build.js';
import { decodeTensorCache, encodeTensorCache } from './tensor-cache.js';

describe('tensor cache', () => {
  it('round-trips arrays of every dtype with recipe, sources and metadata', () => {
    const cache = {
      recipe: { task: 't', version: 1 },
      sources: [{ path: 'a', sha256: 'ff' }],
      meta: { vocabulary: ['<pad>', 'x'] },
      arrays: {
        a: Uint8Array.of(1, 2, 3),
        b: Uint16Array.of(65535),
        c: Int32Array.of(-5, 7),
        d: Float32Array.of(0.5, -1.25),
      },
    };
    const decoded = decodeTensorCache(encodeTensorCache(cache), 'c.olrdcache');
    expect(decoded).toEqual(cache);
    expect(decoded.arrays['d']).toBeInstanceOf(Float32Array);
  });

  it('rejects a foreign or truncated blob, naming the file', () => {
    expect(() => decodeTensorCache(new Uint8Array(20), 'x')).toThrow(
      /^x: at byte 0: not an olrd data cache/,
    );
    const blob = encodeTensorCache({
      recipe: 1,
      sources: [],
      meta: null,
      arrays: { a: new Int32Array(10) },
    });
    expect(() => decodeTensorCache(blob.subarray(0, blob.length - 8), 'x')).toThrow(
      /truncated array 'a'/,
    );
  });

  it('is reused only for the same recipe and sources, and rebuilt otherwise', async () => {
    const store = createMemoryDataStore({ 'src.txt': Uint8Array.of(1) });
    let builds = 0;
    const build = async () => ({ arrays: { n: Int32Array.of(++builds) }, meta: null });
    const load = async (recipe: number) =>
      loadOrBuild(
        store,
        { name: 'c', recipe, sources: await fingerprintFiles(store, ['src.txt']) },
        build,
      );
    expect((await load(1)).outcome).toBe('built');
    const hit = await load(1);
    expect(hit.outcome).toBe('hit');
    expect([...(hit.content.arrays['n'] as Int32Array)]).toEqual([1]);
    const notices: string[] = [];
    const changed = await loadOrBuild(store, { name: 'c', recipe: 2, sources: [] }, build, (m) =>
      notices.push(m),
    );
    expect(changed.outcome).toBe('rebuilt');
    expect(notices[0]).toMatch(/c: building the preprocessed cache \(its recipe changed\)/);
    store.files.set('src.txt', Uint8Array.of(2));
    expect((await load(2)).outcome).toBe('rebuilt');
    store.caches.set('c', new Uint8Array(5));
    expect((await load(2)).outcome).toBe('rebuilt');
    expect(builds).toBe(4);
  });
});
