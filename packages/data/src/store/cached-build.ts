/**
 * Load-or-build for preprocessed tensors: a cache is reused only when its recipe and its sources'
 * checksums equal the current ones; otherwise it is rebuilt and overwritten, never silently
 * reused (spec 3). A cache that fails to decode is rebuilt too.
 */
import { DataFormatError } from '../errors.js';
import type { DataStore } from './data-store.js';
import {
  decodeTensorCache,
  encodeTensorCache,
  type CacheArray,
  type CacheSource,
  type JsonValue,
} from './tensor-cache.js';

/** What a cached build produces. */
export interface CacheContent {
  readonly arrays: Readonly<Record<string, CacheArray>>;
  readonly meta: JsonValue;
}

/** Identifies one cache: its file name, recipe and sources. */
export interface CacheRequest {
  /** Cache file name, e.g. `imdb.olrdcache`. */
  readonly name: string;
  /** Everything that changes the output (tokenizer, lengths, version...). */
  readonly recipe: JsonValue;
  /** The sources and their fingerprints. */
  readonly sources: readonly CacheSource[];
}

/** What happened on a {@link loadOrBuild} call. */
export type CacheOutcome = 'hit' | 'built' | 'rebuilt';

/** Checksums of `paths` in the store, in order. */
export async function fingerprintFiles(
  store: DataStore,
  paths: readonly string[],
): Promise<CacheSource[]> {
  return Promise.all(paths.map(async (path) => ({ path, sha256: await store.checksum(path) })));
}

/**
 * Returns the cached content when it is valid for `request`, else runs `build`, stores its result
 * and returns it.
 *
 * @param onNotice - told why a cache is (re)built
 */
export async function loadOrBuild(
  store: DataStore,
  request: CacheRequest,
  build: () => Promise<CacheContent>,
  onNotice: (message: string) => void = () => {},
): Promise<{ content: CacheContent; outcome: CacheOutcome }> {
  const blob = await store.readCache(request.name);
  let reason = 'no cache yet';
  if (blob) {
    try {
      const cached = decodeTensorCache(blob, request.name);
      const sameRecipe = JSON.stringify(cached.recipe) === JSON.stringify(request.recipe);
      const sameSources =
        cached.sources.length === request.sources.length &&
        cached.sources.every((source, i) => source.sha256 === request.sources[i]!.sha256);
      if (sameRecipe && sameSources) {
        return { content: { arrays: cached.arrays, meta: cached.meta }, outcome: 'hit' };
      }
      reason = sameRecipe ? 'its source files changed' : 'its recipe changed';
    } catch (error) {
      if (!DataFormatError.isInstance(error)) throw error;
      reason = `it is unreadable (${error.message})`;
    }
  }
  onNotice(`${request.name}: building the preprocessed cache (${reason})`);
  const content = await build();
  await store.writeCache(
    request.name,
    encodeTensorCache({ recipe: request.recipe, sources: request.sources, ...content }),
  );
  return { content, outcome: blob ? 'rebuilt' : 'built' };
}
