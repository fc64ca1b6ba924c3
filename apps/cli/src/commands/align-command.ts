/**
 * `olrd align`: how closely each rule's gradient follows BPTT's on one batch (spec 1 §4.6, the
 * paper's Figure 2), as a table or JSON. The batch comes from a file or from a task.
 */
import type { Params } from '@olrd/core';
import { RULE_NAMES } from '@olrd/rules';
import { initBackend } from '@olrd/tensor/node';
import {
  CONFIG_FIELDS,
  CheckpointError,
  configFlagNames,
  configFlagOptions,
  configLayerFromFlags,
  disposeBatch,
  disposeTree,
  modelConfigFromMetadata,
  safetensorsToTensors,
  toKebabCase,
  type TrainConfig,
} from '@olrd/train';
import { readSafetensorsFile, writeFileAtomic } from '@olrd/train/node';
import { UsageError } from '../cli-errors.js';
import { alignHelp } from '../help.js';
import { parseCommandArgs, type FlagOption } from '../parse-command-args.js';
import {
  batchFromFile,
  batchFromTask,
  storedDataSettings,
  type AlignBatch,
} from './align-batch.js';
import { alignRules } from './align-report.js';
import { defaultAlignRules, parseAlignRules } from './align-rules.js';
import { alignmentTable } from './align-table.js';
import { gradModelConfig, requireFlag } from './grad-inputs.js';

const COMMAND = 'olrd align';
/** The JSON report's format tag. */
export const ALIGN_REPORT_FORMAT = 'olrd-align-v1';

const MODEL_FLAGS = ['layer-cls', 'activation-fn', 'prenorm', 'mode', 'r-min', 'r-max'];
const OTHER_CONFIG_FLAGS = [
  'max-phase',
  'p-dropout',
  'execution',
  'backend',
  'bsz',
  'max-sensitivity-mib',
];

/** Config keys that choose the task's batch: the data group and the batch size. */
const isBatchKey = (key: keyof TrainConfig) => key === 'bsz' || CONFIG_FIELDS[key].group === 'data';

function alignOptions(): Record<string, FlagOption> {
  const all = configFlagOptions();
  const dataFlags = configFlagNames()
    .filter(({ key }) => CONFIG_FIELDS[key].group === 'data')
    .map(({ flag }) => flag);
  return {
    ...Object.fromEntries(
      [...MODEL_FLAGS, ...OTHER_CONFIG_FLAGS, ...dataFlags].map((flag) => [flag, all[flag]!]),
    ),
    params: { type: 'string' },
    batch: { type: 'string' },
    seed: { type: 'string' },
    rules: { type: 'string' },
    'dropout-seed': { type: 'string' },
    json: { type: 'boolean' },
    out: { type: 'string' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  };
}

function seedFlag(text: string | boolean | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value > 4294967295)
    throw new UsageError(`flag --${flag} must be an integer in [0, 4294967295], got '${text}'`);
  return value;
}

/** Runs `olrd align`; resolves to the exit code. */
export async function alignCommand(args: readonly string[]): Promise<number> {
  const { seed: seedText, ...values } = parseCommandArgs(args, alignOptions(), COMMAND);
  if (values.help) {
    process.stdout.write(alignHelp(RULE_NAMES));
    return 0;
  }
  const paramsPath = requireFlag(values.params, 'params', 'P.safetensors (the model)', COMMAND);
  const batchSeed = seedFlag(seedText, 'seed') ?? 0;
  const dropoutSeed = seedFlag(values['dropout-seed'], 'dropout-seed');
  // --seed is the batch draw's seed here, not the config's init seed, so it is kept out of this.
  const flags = configLayerFromFlags(values);
  const batchFlags = Object.fromEntries(
    Object.entries(flags).filter(([key]) => isBatchKey(key as keyof TrainConfig)),
  ) as Partial<TrainConfig>;
  const paramsFile = await readSafetensorsFile(paramsPath);
  const rules =
    typeof values.rules === 'string'
      ? parseAlignRules(values.rules)
      : defaultAlignRules(paramsFile.tensors['layers.0.synth.kernel'] !== undefined);
  const dInput = paramsFile.tensors['encoder.kernel']?.shape[0];
  let batch: AlignBatch;
  if (typeof values.batch === 'string') {
    const extra = Object.keys(batchFlags)
      .map((key) => (key === 'dataset' ? 'task' : toKebabCase(key)))
      .concat(seedText === undefined ? [] : ['seed']);
    if (extra.length > 0) {
      throw new UsageError(
        `--batch gives the batch, so --${extra[0]} has no effect; give one or the other`,
      );
    }
    batch = await batchFromFile(
      values.batch,
      dInput,
      modelConfigFromMetadata(paramsFile.metadata)?.loss,
    );
  } else {
    const stored = storedDataSettings(paramsFile, paramsPath);
    if (stored === undefined && flags.dataset === undefined) {
      throw new UsageError(
        `${COMMAND} needs --batch B.safetensors or --task NAME: ${paramsPath} has no train_config to take the task from`,
      );
    }
    batch = await batchFromTask({ ...stored, ...batchFlags }, batchSeed);
    if (dInput !== undefined && batch.xShape[2] !== dInput) {
      throw new CheckpointError(
        `the task's inputs have width ${batch.xShape[2]} but ${paramsPath} has d_input ${dInput} ` +
          `(encoder.kernel): give the task and data settings the checkpoint was trained with, or --batch`,
      );
    }
  }
  let modelConfig = gradModelConfig(paramsFile, paramsPath, flags, batch.yShape);
  batch.checkValues?.(modelConfig);
  if (dropoutSeed !== undefined) {
    const rate = flags.pDropout ?? modelConfigFromMetadata(paramsFile.metadata)?.pDropout ?? 0;
    if (rate === 0) {
      throw new UsageError(
        `--dropout-seed has no effect with dropout rate 0 (${paramsPath} stores none or 0): give --p-dropout P`,
      );
    }
    modelConfig = { ...modelConfig, pDropout: rate };
  }
  const execution = flags.execution ?? 'sequence';
  const backend = await initBackend(flags.backend ?? 'auto');
  const params: Params = safetensorsToTensors(paramsFile.tensors);
  const tensors = batch.toTensors();
  try {
    const report = await alignRules(rules, params, modelConfig, tensors, {
      execution,
      ...(dropoutSeed === undefined ? {} : { dropoutSeed }),
      explicit: typeof values.rules === 'string',
      ...(flags.maxSensitivityMib === undefined
        ? {}
        : { maxSensitivityBytes: flags.maxSensitivityMib * 2 ** 20 }),
      onProgress: (line) => process.stderr.write(`olrd: ${line}\n`),
    });
    const json = {
      format: ALIGN_REPORT_FORMAT,
      params: paramsPath,
      batch: { ...batch.source, xShape: batch.xShape, yShape: batch.yShape },
      model: modelConfig,
      execution,
      dropoutSeed: dropoutSeed ?? null,
      backend,
      ...report,
    };
    const text = `${JSON.stringify(json, null, 2)}\n`;
    if (typeof values.out === 'string') await writeFileAtomic(values.out, text);
    if (values.json) {
      process.stdout.write(text);
    } else {
      const dropout =
        dropoutSeed === undefined ? 'off' : `rate ${modelConfig.pDropout}, seed ${dropoutSeed}`;
      process.stdout.write(
        `${modelConfig.nLayers}-layer ${modelConfig.layerCls} (d_model ${modelConfig.dModel}, ` +
          `d_hidden ${modelConfig.dHidden}) from ${paramsPath}\n` +
          `batch: ${batch.description} [${batch.xShape.join(', ')}]\n` +
          `execution ${execution}, dropout ${dropout}, backend ${backend}\n\n` +
          alignmentTable(report, values.verbose === true) +
          (typeof values.out === 'string' ? `\nreport written to ${values.out}\n` : ''),
      );
    }
    return 0;
  } finally {
    disposeTree(params);
    disposeBatch(tensors);
  }
}
