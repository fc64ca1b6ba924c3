/**
 * The Redis queue that `olrd sweep --queue` fills and `olrd worker` empties: the URL's checks, a
 * fail-fast reachability check (BullMQ itself retries a refused connection forever, which would
 * look like a hang), and the messages that travel through the queue. Every sweep shares one
 * BullMQ queue; a job's id names its sweep (the sweep folder's queue key) and the job.
 */
import type { RedisOptions } from 'ioredis';
import type { RunSummary, TrainConfig } from '@olrd/train';
import { UsageError } from '../cli-errors.js';

/** The BullMQ queue every sweep's jobs go to. */
export const QUEUE_NAME = 'olrd-sweeps';

/** A job as a worker receives it. */
export interface QueueJobData {
  /** The sweep folder's queue key (`<sweep name>-<random>`), from its sweep.json. */
  sweepKey: string;
  /** The job's id inside the sweep (its sub-folder's name). */
  id: string;
  /** The job's whole config: the base config beneath the swept values. */
  config: Partial<TrainConfig>;
  /** Extra `olrd train` flags (`--checkpoint-every`, `--backend`). */
  trainFlags: string[];
}

/** What a worker returns for a finished job: the run folder's small files, by name. */
export interface QueueJobResult {
  summary: RunSummary;
  /** config.json, metrics.jsonl, summary.json: what `olrd report` reads. */
  files: Record<string, string>;
  /** The tail of the job's output (logs/<id>.log in the sweep folder). */
  log: string;
  /** `host:pid` of the worker that ran it. */
  worker: string;
  seconds: number;
}

/** A checked queue URL: the options for ioredis and a password-free form to show. */
export interface QueueUrl {
  connection: RedisOptions;
  shown: string;
}

/** Parses `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS). */
export function parseQueueUrl(text: string): QueueUrl {
  const fix = 'e.g. --queue redis://localhost:6379 (or rediss://user:password@host:6380/0 for TLS)';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--queue '${text}' is not a URL; ${fix}`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new UsageError(
      `--queue must be a redis:// or rediss:// URL, got '${url.protocol}//…'; ${fix}`,
    );
  if (url.hostname === '') throw new UsageError(`--queue '${text}' names no host; ${fix}`);
  const port = url.port === '' ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!(Number.isInteger(db) && db >= 0))
    throw new UsageError(
      `--queue '${text}': the database '/${dbText}' must be a number ≥ 0; ${fix}`,
    );
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const connection: RedisOptions = {
    host,
    port,
    db,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: { servername: host } } : {}),
    // BullMQ's workers block on Redis: their commands must wait for a reconnect, not fail.
    maxRetriesPerRequest: null,
  };
  return { connection, shown: `${url.protocol}//${url.host}${dbText ? `/${db}` : ''}` };
}

/**
 * Connects once, with no retries, and pings: a clear error now instead of BullMQ's silent
 * reconnect loop when the server is not there.
 */
export async function checkQueueReachable(url: QueueUrl, timeoutMs = 5000): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis({
    ...url.connection,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // The socket's own error (ECONNREFUSED, ENOTFOUND) says more than connect()'s rejection.
  let socketError: Error | undefined;
  client.on('error', (error: Error) => {
    socketError ??= error;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const reason = (socketError ?? (error instanceof Error ? error : new Error(String(error))))
      .message;
    throw new UsageError(
      `cannot reach Redis at ${url.shown}: ${reason}; start one (e.g. 'redis-server --port 6379') ` +
        'or pass the --queue URL of a reachable server',
    );
  } finally {
    client.disconnect();
  }
}
