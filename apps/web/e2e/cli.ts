/** `olrd grad` on a checkpoint the app saved: the CLI reads what the page writes. */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { createCopyDataset, iterateBatches } from '@olrd/data';
import { parseSafetensors, serializeSafetensors } from '@olrd/train';
import { REPO_DIR } from './browser.js';

const run = promisify(execFile);
export const CLI = process.env['OLRD_CLI'] ?? path.join(REPO_DIR, 'apps/cli/dist/olrd.js');

/**
 * Writes a copy-task batch (pattern length `patternLength`) into `dir`, runs
 * `olrd grad --params <checkpoint> --batch <batch> --rule <rule>` and checks that it exits 0 with
 * a gradient for every parameter and a positive loss. Returns the CLI's output line.
 */
export async function gradWithCli(
  checkpoint: string,
  rule: string,
  patternLength: number,
  dir: string,
): Promise<string> {
  expect(existsSync(CLI), `build the CLI first (pnpm --filter @olrd/cli build): ${CLI}`).toBe(true);
  const data = createCopyDataset({
    patternLength,
    trainSamples: 4,
    valSamples: 1,
    testSamples: 1,
    seed: 7,
  });
  const batch = iterateBatches(data.train, { batchSize: 4 }).next().value!;
  const batchFile = path.join(dir, `batch-p${patternLength}.safetensors`);
  writeFileSync(
    batchFile,
    serializeSafetensors({
      x: { dtype: 'F32', shape: batch.xShape, data: batch.x },
      y: { dtype: 'I32', shape: batch.yShape, data: batch.y },
      mask: { dtype: 'F32', shape: batch.maskShape, data: batch.mask },
    }),
  );
  const out = path.join(dir, `grads-${rule}.safetensors`);
  const args = ['grad', '--params', checkpoint, '--batch', batchFile, '--rule', rule];
  const cli = await run(process.execPath, [CLI, ...args, '--out', out]);
  const grads = parseSafetensors(readFileSync(out));
  const params = parseSafetensors(readFileSync(checkpoint));
  expect(Object.keys(grads.tensors).sort()).toEqual(Object.keys(params.tensors).sort());
  expect(Number(grads.metadata['loss'])).toBeGreaterThan(0);
  return cli.stdout.trim();
}
