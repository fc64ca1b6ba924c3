import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backends/init-backend.js';
import { tf } from '../tf.js';
import { expectNoLeak } from './expect-no-leak.js';

describe('expectNoLeak', () => {
  beforeAll(() => initBackend('cpu'));

  it('passes when everything created is disposed, and returns the result', async () => {
    await expect(expectNoLeak(() => tf.tidy(() => (tf.add(tf.ones([2]), 1), 7)))).resolves.toBe(7);
  });

  it('throws naming the count when tensors are left behind', async () => {
    let kept: tf.Tensor | undefined;
    await expect(expectNoLeak(() => void (kept = tf.ones([2])), 'step')).rejects.toThrow(
      /step leaked 1 tensor\(s\)/,
    );
    kept?.dispose();
  });
});
