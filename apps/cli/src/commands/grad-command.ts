/**
 * `olrd grad`: one batch's gradient under a learning rule, written as safetensors with the same
 * names as the parameters and the loss in `__metadata__`. Dropout is off.
 */
import { tf, initBackend } from '@olrd/tensor/node';
import type { Params } from '@olrd/core';
import { RULE_NAMES, computeGradientsAsync, type Batch } from '@olrd/rules';
import {
  CHECKPOINT_FORMAT,
  MODEL_CONFIG_KEY,
  modelConfigFromMetadata,
  configFlagOptions,
  configLayerFromFlags,
  disposeTree,
  resolveTrainConfig,
  safetensorsToTensors,
  serializeSafetensors,
  tensorsToSafetensors,
} from '@olrd/train';
import { readSafetensorsFile, writeFileAtomic } from '@olrd/train/node';
import { formatLoss } from '../format.js';
import { gradHelp } from '../help.js';
import { parseCommandArgs, type FlagOption } from '../parse-command-args.js';
import { checkBatch, checkBatchValues, gradModelConfig, requireFlag } from './grad-inputs.js';

const CONFIG_FLAGS = [
  'training-mode',
  'rule',
  'execution',
  'backend',
  'layer-cls',
  'rnn-activation',
  'truncation',
  'max-sensitivity-mib',
  'activation-fn',
  'prenorm',
  'mode',
  'r-min',
  'r-max',
  'max-phase',
];

function gradOptions(): Record<string, FlagOption> {
  const all = configFlagOptions();
  return {
    ...Object.fromEntries(CONFIG_FLAGS.map((flag) => [flag, all[flag]!])),
    params: { type: 'string' },
    batch: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  };
}

/** Runs `olrd grad`; resolves to the exit code. */
export async function gradCommand(args: readonly string[]): Promise<number> {
  const values = parseCommandArgs(args, gradOptions(), 'olrd grad');
  if (values.help) {
    process.stdout.write(gradHelp());
    return 0;
  }
  const paramsPath = requireFlag(values.params, 'params', 'P.safetensors (the model parameters)');
  const batchPath = requireFlag(values.batch, 'batch', 'B.safetensors (x, y, mask)');
  const outPath = requireFlag(values.out, 'out', 'G.safetensors (where to write the gradients)');
  requireFlag(values.rule ?? values['training-mode'], 'rule', RULE_NAMES.join('|'));
  const flags = configLayerFromFlags(values);
  const {
    trainingMode: rule,
    execution,
    backend,
    truncation,
    maxSensitivityMib,
  } = resolveTrainConfig(flags);
  const paramsFile = await readSafetensorsFile(paramsPath);
  const batchFile = await readSafetensorsFile(batchPath);
  checkBatch(
    batchFile,
    batchPath,
    paramsFile.tensors['encoder.kernel']?.shape[0],
    modelConfigFromMetadata(paramsFile.metadata)?.loss,
  );
  const modelConfig = gradModelConfig(paramsFile, paramsPath, flags, batchFile.tensors.y!.shape);
  checkBatchValues(batchFile, batchPath, modelConfig);
  await initBackend(backend);
  const params: Params = safetensorsToTensors(paramsFile.tensors);
  const tensors = safetensorsToTensors(batchFile.tensors);
  const batch: Batch = {
    x: tensors.x as tf.Tensor3D,
    y: tensors.y!,
    mask: tensors.mask as tf.Tensor2D,
  };
  try {
    const { loss, grads, logProbs } = await computeGradientsAsync(
      rule,
      params,
      modelConfig,
      batch,
      { execution, truncation, maxSensitivityBytes: maxSensitivityMib * 2 ** 20 },
    );
    logProbs.dispose();
    const bytes = serializeSafetensors(await tensorsToSafetensors(grads), {
      format: CHECKPOINT_FORMAT,
      loss: String(loss),
      rule,
      execution,
      [MODEL_CONFIG_KEY]: JSON.stringify(modelConfig),
    });
    disposeTree(grads);
    await writeFileAtomic(outPath, bytes);
    process.stdout.write(
      `loss ${formatLoss(loss)} (${rule}, ${execution}); gradients written to ${outPath}\n`,
    );
    return 0;
  } finally {
    disposeTree(params);
    disposeTree(tensors);
  }
}
