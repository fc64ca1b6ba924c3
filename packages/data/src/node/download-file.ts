/**
 * Downloading one file: official URL first, then mirrors; the bytes go to `<file>.part`, which a
 * later attempt resumes with an HTTP Range request (after a dropped connection, also across
 * runs); the SHA-256 is computed while writing (a resumed prefix is hashed from disk first),
 * checked against the expected one, and only then is the part renamed over the target, so the
 * target is never partial. When no URL can be reached at all, it fails at once (no retries).
 */
import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DownloadError, isUnreachable } from './download-error.js';
import { hashFileInto, sha256File } from './sha256-file.js';

/** Progress of a download, for progress bars. */
export interface DownloadProgress {
  readonly url: string;
  /** Bytes on disk so far (resumed prefix included). */
  readonly received: number;
  /** Total size when known. */
  readonly total?: number;
  /** Bytes that were already on disk when this request started. */
  readonly resumedFrom: number;
}

/** Options of {@link downloadFile}. */
export interface DownloadFileOptions {
  /** Official URL first, then mirrors. */
  readonly urls: readonly string[];
  /** The target path. */
  readonly destination: string;
  /** Expected SHA-256; absent = accept (the caller records it: trust on first download). */
  readonly sha256?: string;
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** Requests per URL before giving up on a dropping connection (default 4). */
  readonly attempts?: number;
  /** Milliseconds to wait for response headers, and between body chunks (default 30000). */
  readonly timeoutMs?: number;
  /** `fetch` to use (default the global one). */
  readonly fetch?: typeof fetch;
}

/** What {@link downloadFile} did. */
export interface DownloadResult {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  /** The URL that served it; undefined when the file was already present and valid. */
  readonly url?: string;
  /** True when a partial file was resumed at least once. */
  readonly resumed: boolean;
}

const sizeOf = (path: string) =>
  stat(path).then(
    (stats) => stats.size,
    () => -1,
  );

/** `retry`: resume from the same URL; `next-url`: this URL is no good; `unreachable`: no connection. */
type AttemptOutcome =
  | { done: true; url: string }
  | { done: false; reason: string; next: 'retry' | 'next-url' | 'unreachable' };

/**
 * Downloads (or verifies an existing) file.
 *
 * @throws DownloadError `offline` when no URL is reachable, `http` on error statuses,
 *   `incomplete` when every attempt dropped (the `.part` file is kept), `checksum` on a mismatch
 *   (the `.part` file is deleted).
 */
export async function downloadFile(options: DownloadFileOptions): Promise<DownloadResult> {
  const { destination, sha256: expected } = options;
  const existing = await sizeOf(destination);
  if (existing >= 0) {
    const actual = await sha256File(destination);
    if (!expected || actual === expected) {
      return { path: destination, sha256: actual, bytes: existing, resumed: false };
    }
    await rm(destination, { force: true });
  }
  await mkdir(dirname(destination), { recursive: true });
  const part = `${destination}.part`;
  const attempts = options.attempts ?? 4;
  const reasons: string[] = [];
  let resumed = false;
  let reachedAny = false;
  let httpOnly = true;
  for (const url of options.urls) {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const offset = Math.max(0, await sizeOf(part));
      if (offset > 0) resumed = true;
      const outcome = await attemptDownload(url, part, offset, options);
      if (outcome.done) {
        return finish(part, destination, expected, outcome.url, resumed);
      }
      reasons.push(`${url}: ${outcome.reason}`);
      if (outcome.next === 'unreachable') break;
      reachedAny = true;
      if (outcome.next === 'next-url') break;
      httpOnly = false;
    }
  }
  if (!reachedAny) {
    throw new DownloadError(
      'offline',
      `cannot reach ${options.urls.join(' or ')} (${reasons.join('; ')})`,
    );
  }
  if (httpOnly)
    throw new DownloadError('http', `download of ${destination} failed: ${reasons.join('; ')}`);
  const partSize = Math.max(0, await sizeOf(part));
  throw new DownloadError(
    'incomplete',
    `download of ${destination} did not complete (${reasons.slice(-3).join('; ')}); ` +
      `${partSize} bytes are kept in ${part} and the next attempt resumes from there`,
  );
}

async function finish(
  part: string,
  destination: string,
  expected: string | undefined,
  url: string,
  resumed: boolean,
): Promise<DownloadResult> {
  const bytes = await sizeOf(part);
  const hash = createHash('sha256');
  await hashFileInto(hash, part);
  const actual = hash.digest('hex');
  if (expected && actual !== expected) {
    await rm(part, { force: true });
    throw new DownloadError(
      'checksum',
      `checksum mismatch for ${destination} from ${url}: expected SHA-256 ${expected}, got ${actual}; the file was deleted`,
    );
  }
  await rename(part, destination);
  return { path: destination, sha256: actual, bytes, url, resumed };
}

async function attemptDownload(
  url: string,
  part: string,
  offset: number,
  options: DownloadFileOptions,
): Promise<AttemptOutcome> {
  const timeoutMs = options.timeoutMs ?? 30000;
  const controller = new AbortController();
  let timer = setTimeout(
    () => controller.abort(new DOMException('timed out', 'TimeoutError')),
    timeoutMs,
  );
  const fetchImpl = options.fetch ?? fetch;
  try {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        headers: offset > 0 ? { Range: `bytes=${offset}-` } : {},
        signal: controller.signal,
        redirect: 'follow',
      });
    } catch (error) {
      return {
        done: false,
        reason: describe(error),
        next: isUnreachable(error) ? 'unreachable' : 'retry',
      };
    }
    if (response.status === 416 && offset > 0) {
      // The part already holds the whole file.
      await response.body?.cancel();
      return { done: true, url };
    }
    if (response.status !== 200 && response.status !== 206) {
      await response.body?.cancel();
      return {
        done: false,
        reason: `HTTP ${response.status} ${response.statusText}`.trim(),
        next: 'next-url',
      };
    }
    const append = response.status === 206 && contentRangeStart(response) === offset;
    const start = append ? offset : 0;
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    const total = Number.isFinite(length) ? start + length : undefined;
    const file = await open(part, append ? 'a' : 'w');
    let received = start;
    try {
      options.onProgress?.({
        url,
        received,
        ...(total === undefined ? {} : { total }),
        resumedFrom: start,
      });
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        clearTimeout(timer);
        timer = setTimeout(
          () => controller.abort(new DOMException('stalled', 'TimeoutError')),
          timeoutMs,
        );
        await file.write(chunk);
        received += chunk.length;
        options.onProgress?.({
          url,
          received,
          ...(total === undefined ? {} : { total }),
          resumedFrom: start,
        });
      }
    } catch (error) {
      return {
        done: false,
        reason: `connection dropped after ${received} bytes (${describe(error)})`,
        next: 'retry',
      };
    } finally {
      await file.close();
    }
    if (total !== undefined && received !== total) {
      return {
        done: false,
        reason: `connection closed after ${received} of ${total} bytes`,
        next: 'retry',
      };
    }
    return { done: true, url };
  } finally {
    clearTimeout(timer);
  }
}

function contentRangeStart(response: Response): number | undefined {
  const match = /^bytes (\d+)-/.exec(response.headers.get('content-range') ?? '');
  return match ? Number(match[1]) : undefined;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const base = error instanceof Error ? error.message : String(error);
  return cause?.code ? `${base}: ${cause.code}` : base;
}
