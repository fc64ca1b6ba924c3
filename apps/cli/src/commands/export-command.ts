/**
 * `olrd export --target c RUN_OR_CHECKPOINT --out DIR`: writes the chip learner for a
 * checkpoint's model and parameters as a dependency-free C99 library (`exportChipC` in
 * @olrd/rules). The checkpoint is a `.safetensors` file or a run folder holding
 * chip.safetensors (from `olrd stream --precision`), best.safetensors or checkpoint.safetensors;
 * its model must be inside the chip's shape. Precision, optimiser and seed default to the ones a
 * chip run recorded.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ModelConfig } from '@olrd/core';
import { exportChipC, type ChipOptimizerName } from '@olrd/rules';
import { parseSafetensors, tensorToFloat32 } from '@olrd/tensor/node';
import { readBytes } from '@olrd/train/node';
import { UsageError } from '../cli-errors.js';
import { CHIP_FLAGS_HELP, optimizerFlag, precisionFlag } from './chip-flags.js';
import { CHIP_CHECKPOINT } from './chip-stream-command.js';

/** `olrd export --help`. */
export function exportHelp(): string {
  return `usage: olrd export --target c RUN_OR_CHECKPOINT --out DIR [flags]

Writes the on-chip learner (online_full, every step: forward, traces, gradient, update) for a
checkpoint's model as a C99 library: DIR/olrd.h, DIR/olrd.c (static arrays, no malloc, no float)
and DIR/README.md. Every --precision class must be fixed point. RUN_OR_CHECKPOINT is a
.safetensors file or a run folder (${CHIP_CHECKPOINT}, best.safetensors or checkpoint.safetensors).

  --target c                 the only target
  --out DIR                  where to write (created)
${CHIP_FLAGS_HELP}
  --lr R, --momentum B       the update's learning rate and β (default: the run's, else 0.005, 0.9)
  --seed S                   the stochastic-rounding seed (default: the run's, else 0)
  -h, --help                 show this help

Precision, optimiser, learning rate and seed default to what an 'olrd stream --precision' run
recorded in ${CHIP_CHECKPOINT}.
`;
}

async function checkpointPath(given: string): Promise<string> {
  const info = await stat(given).catch(() => undefined);
  if (info === undefined) throw new UsageError(`${given}: no such file or folder`);
  if (info.isFile()) return given;
  for (const name of [CHIP_CHECKPOINT, 'best.safetensors', 'checkpoint.safetensors']) {
    const path = join(given, name);
    if (await stat(path).catch(() => undefined)) return path;
  }
  throw new UsageError(
    `${given}: no ${CHIP_CHECKPOINT}, best.safetensors or checkpoint.safetensors in this folder`,
  );
}

interface ChipRecord {
  precision?: string;
  optimizer?: { name: ChipOptimizerName; learningRate: number; momentum: number };
}

/** Runs `olrd export`; resolves to the exit code. */
export async function exportCommand(args: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        target: { type: 'string' },
        out: { type: 'string' },
        precision: { type: 'string' },
        optimizer: { type: 'string' },
        lr: { type: 'string' },
        momentum: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; run 'olrd export --help'`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(exportHelp());
    return 0;
  }
  if (values.target !== 'c')
    throw new UsageError(`--target must be c (the only target), got '${values.target ?? ''}'`);
  if (positionals.length !== 1)
    throw new UsageError('give one RUN_OR_CHECKPOINT (a .safetensors file or a run folder)');
  if (!values.out) throw new UsageError('--out DIR is required');
  const path = await checkpointPath(positionals[0]!);
  const file = parseSafetensors(await readBytes(path));
  const configText = file.metadata['model_config'];
  if (configText === undefined) throw new UsageError(`${path}: no model_config in its metadata`);
  const config = JSON.parse(configText) as ModelConfig;
  const recorded = JSON.parse(file.metadata['chip'] ?? '{}') as ChipRecord;
  const precisionText = values.precision ?? recorded.precision;
  if (precisionText === undefined)
    throw new UsageError(`${path} records no precision: give --precision (e.g. int8)`);
  const optimizer = optimizerFlag(values.optimizer ?? recorded.optimizer?.name ?? 'sgd');
  const number = (flag: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value)) throw new UsageError(`--${flag} must be a number, got '${text}'`);
    return value;
  };
  const params: Record<string, Float32Array> = {};
  for (const [name, tensor] of Object.entries(file.tensors))
    params[name] = tensorToFloat32(tensor, name);
  let files: Record<string, string>;
  try {
    files = exportChipC({
      config,
      params,
      precision: precisionFlag(precisionText),
      optimizer: {
        name: optimizer,
        learningRate: number('lr', values.lr, recorded.optimizer?.learningRate ?? 0.005),
        momentum: number('momentum', values.momentum, recorded.optimizer?.momentum ?? 0.9),
      },
      seed: number('seed', values.seed, Number(file.metadata['seed'] ?? 0)),
    });
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`${path}: ${error.message}`);
    throw error;
  }
  await mkdir(values.out, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(values.out, name), text);
  process.stdout.write(
    `wrote ${Object.keys(files).join(', ')} to ${values.out} (${config.nLayers} LRU layer(s), d_model ${config.dModel}, d_hidden ${config.dHidden}; ${precisionText})\n`,
  );
  return 0;
}
