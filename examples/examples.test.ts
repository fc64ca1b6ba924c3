import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('examples', () => {
  it('online-in-20-lines.mjs runs against the built packages and learns', () => {
    const script = fileURLToPath(new URL('./online-in-20-lines.mjs', import.meta.url));
    const run = spawnSync(process.execPath, [script], {
      encoding: 'utf8',
      env: { ...process.env, STEPS: '2000' },
    });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const accuracy = Number(/accuracy ([\d.]+)%/.exec(lines[1]!)?.[1]);
    expect(accuracy).toBeGreaterThan(75); // chance: 50%
  });
});
