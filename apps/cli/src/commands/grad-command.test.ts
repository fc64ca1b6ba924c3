import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCopySplit } from '@olrd/data';
import { serializeSafetensors } from '@olrd/train';
import { TINY_RUN, olrd, tempFolder } from '../cli-test-utils.js';

describe('olrd grad: batches that do not fit the model (exit 2, no gradients written)', () => {
  it('refuses labels outside the classes and an empty batch, in one line each', async () => {
    const dir = await tempFolder();
    expect(olrd(['train', ...TINY_RUN, '--max-steps', '1', '--out', 'run'], dir).code).toBe(0);
    const split = generateCopySplit(3, 2, 5);
    const write = (name: string, y: Int32Array, size = 3) =>
      writeFile(
        join(dir, name),
        serializeSafetensors({
          x: { dtype: 'F32', shape: [size, 12, 8], data: split.x.subarray(0, size * 12 * 8) },
          y: { dtype: 'I32', shape: [size, 12, 7], data: y },
          mask: { dtype: 'F32', shape: [size, 12], data: split.mask.subarray(0, size * 12) },
        }),
      );
    const grad = (batch: string) =>
      olrd(
        ['grad', '--params', 'run/best.safetensors', '--batch', batch, '--rule', 'bptt'].concat([
          '--out',
          'g.safetensors',
          '--backend',
          'cpu',
        ]),
        dir,
      );
    // The copy model has 2 classes per bit: 5 and -1 are no class (tfjs would score them 0).
    for (const label of [5, -1]) {
      const y = Int32Array.from(split.y);
      y[(0 * 12 + 1) * 7 + 3] = label; // y[0, 1, 3]
      await write('bad.safetensors', y);
      const result = grad('bad.safetensors');
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toBe(
        `olrd: error: --batch bad.safetensors: tensor 'y' holds label ${label} at y[0, 1, 3], but ` +
          'the model has 2 classes, so labels must be integers in [0, 1]; fix the labels, or pass ' +
          '--params of a model with more classes\n',
      );
    }
    // olrd align reads batch files too, and refuses the same labels.
    const align = olrd(
      [
        'align',
        '--params',
        'run/best.safetensors',
        '--batch',
        'bad.safetensors',
        '--backend',
        'cpu',
      ],
      dir,
    );
    expect(align.code).toBe(2);
    expect(align.stderr).toMatch(/tensor 'y' holds label -1 at y\[0, 1, 3\]/);
    await write('empty.safetensors', new Int32Array(0), 0);
    const empty = grad('empty.safetensors');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe(
      'olrd: error: --batch empty.safetensors: the batch is empty (x has shape [0, 12, 8]); it ' +
        'needs at least one sequence (B ≥ 1) of at least one step (T ≥ 1)\n',
    );
    expect(existsSync(join(dir, 'g.safetensors'))).toBe(false);
    await write('good.safetensors', Int32Array.from(split.y));
    expect(grad('good.safetensors').code).toBe(0);
  });
});
