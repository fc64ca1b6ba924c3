// The --queue URL's checks: what reaches ioredis, what is shown, and the refusals with their fix.
import { describe, expect, it } from 'vitest';
import { parseQueueUrl } from './queue-connection.js';

describe('parseQueueUrl', () => {
  it('takes host, port, database, user and password; shows no password', () => {
    const url = parseQueueUrl('redis://me:s%40cret@queue.example:6380/2');
    expect(url.connection).toMatchObject({
      host: 'queue.example',
      port: 6380,
      db: 2,
      username: 'me',
      password: 's@cret',
      maxRetriesPerRequest: null,
    });
    expect(url.connection.tls).toBeUndefined();
    expect(url.shown).toBe('redis://queue.example:6380/2');
    expect(url.shown).not.toContain('cret');
  });

  it('defaults to port 6379 and database 0; rediss:// means TLS', () => {
    expect(parseQueueUrl('redis://localhost').connection).toMatchObject({ port: 6379, db: 0 });
    expect(parseQueueUrl('rediss://cache.example').connection.tls).toEqual({
      servername: 'cache.example',
    });
  });

  it('refuses what is not a Redis URL, with an example of one', () => {
    expect(() => parseQueueUrl('localhost:6379')).toThrow(
      /must be a redis:\/\/ or rediss:\/\/ URL.*e\.g\. --queue redis:\/\/localhost:6379/,
    );
    expect(() => parseQueueUrl('not a url')).toThrow(/is not a URL/);
    expect(() => parseQueueUrl('redis://localhost/x')).toThrow(/database '\/x' must be a number/);
  });
});
