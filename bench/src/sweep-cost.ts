/**
 * What the full-scale paper sweeps (experiments/paper/*.yaml, spec 1 §7) cost: for each sweep,
 * every distinct model × rule × batch setting (seeds, learning rates, weight decay and r_min do
 * not change the cost) is built and a few training steps (the rule's gradient + the optimiser
 * update) are timed on synthetic inputs of the sweep's shape on this CPU; the steps a job runs
 * come from its config and the dataset sizes of spec 1 §6. Long sequences are timed at two
 * shorter lengths and extrapolated along the line through them (a step's cost is a fixed part
 * plus a part linear in B·T for every rule here). GPU-hours are not measured: they are the
 * analytic FLOPs (sweep-flops.ts) over an assumed effective GPU throughput (GPU_ASSUMPTION).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ModelConfig } from '@olrd/core';
import {
  expandSweep,
  modelConfigFor,
  parseSweepText,
  validateTrainConfig,
  type TrainConfig,
} from '@olrd/train';
import { forwardFlopsPerToken, trainingFlopsPerStep } from './sweep-flops.js';
import { atLength, timeForward, timeTrainStep } from './sweep-cost-timing.js';
import { datasetShape } from './sweep-datasets.js';

/**
 * The assumed effective GPU throughput, in FLOP/s: NOT a measurement (no GPU here). An H100 SXM
 * peaks at ≈ 67 TFLOP/s FP32 (≈ 495 TF32 tensor-core dense). These models are small (H ≤ 294,
 * T·B per step ≤ 10⁵ tokens) and a step is hundreds of small kernels plus sequential scans, so
 * they reach a small fraction of peak; 10% of FP32 peak for the LRA-size models and 2% for the
 * copy-task models (T = 48, batch 50: launch-bound) are our guesses, to be replaced by a
 * measured run on the cluster.
 */
export const GPU_ASSUMPTION = {
  gpu: 'NVIDIA H100 (FP32 peak ≈ 67 TFLOP/s)',
  /** Effective FLOP/s for sweeps of up to `smallTokens` tokens per step. */
  smallTokens: 5000,
  smallFlopsPerSecond: 1.3e12,
  largeFlopsPerSecond: 6.7e12,
  rationale:
    'small models, hundreds of small kernels and sequential scans per step: 2% of FP32 peak for copy-task steps (≤ 5,000 tokens), 10% for LRA-size steps; an assumption, not a measurement',
} as const;

/** One distinct setting of a sweep (all jobs that share it cost the same). */
export interface SettingCost {
  cell: string;
  rule: string;
  nLayers: number;
  dModel: number;
  dHidden: number;
  batch: number;
  accumulation: number;
  time: number;
  jobs: number;
  /** Micro-batch steps one job runs: epochs × ⌊train / bsz⌋ (drop-last, as olrd). */
  stepsPerJob: number;
  /** Extra BPTT gradients per job for the alignment log (log_n_batches per epoch). */
  alignmentStepsPerJob: number;
  /** Sequences one job evaluates (val + test after every epoch). */
  evalSequencesPerJob: number;
  /** Set when the step was not timed (NOT_TIMED): how its time was estimated. */
  estimated?: string;
  /** Lengths actually timed (the full T, or two shorter ones extrapolated to T). */
  timedLengths: number[];
  timedMsPerStep: number[];
  /** Measured (or extrapolated) ms per training step at the sweep's batch and T. */
  msPerStep: number;
  /** ms of the alignment log's BPTT gradient per logged batch (0 when none). */
  alignmentMsPerStep: number;
  /** ms of evaluation per sequence (forward only, at the eval batch size). */
  evalMsPerSequence: number;
  /** CPU cores busy while timing (process CPU time / wall time). */
  cores: number;
  flopsPerStep: number;
  /** flopsPerStep / measured seconds per step. */
  achievedGflops: number;
  /** Wall-clock hours of all jobs of this setting run one after another here. */
  cpuHours: number;
  flops: number;
}

export interface SweepCost {
  sweep: string;
  file: string;
  jobs: number;
  steps: number;
  settings: SettingCost[];
  /** Job-time weighted ms per step over the sweep's settings. */
  msPerStep: number;
  cpuHours: number;
  coreHours: number;
  flops: number;
  achievedGflops: number;
  gpuHoursEstimate: number;
}

/**
 * Sweeps whose rule cannot be timed here, and why; their step time is their FLOPs at the
 * GFLOP/s that `from` (a sweep measured before, same model family) achieved on this machine.
 */
export const NOT_TIMED: Readonly<Record<string, { from: string; reason: string }>> = {
  table3_snap1: {
    from: 'table3',
    reason:
      "olrd's sequence-execution snap1 on this linear RNN (4 layers, H = 294, N = 128, micro-batch 5) aborts the wasm backend (out of memory) even on 12-step sequences",
  },
};

export interface SweepCostOptions {
  /** Timed steps per measurement (after one warm-up). */
  reps: number;
  /** Tokens (batch × T) per timed step before a long sequence is timed shorter. */
  tokenBudget: number;
  /** Only sweeps whose name contains one of these (default: all). */
  only?: readonly string[];
}

/** The full-scale sweep files of spec 1 §7 (experiments/paper/*.yaml, not the BP(λ) folder). */
export function paperSweepFiles(repoRoot: string): string[] {
  const folder = join(repoRoot, 'experiments/paper');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => join('experiments/paper', name));
}

/** The settings of a sweep that differ in cost, with their jobs' configs. */
function settingsOf(configs: TrainConfig[]): Map<string, TrainConfig[]> {
  const groups = new Map<string, TrainConfig[]>();
  for (const config of configs) {
    const key = JSON.stringify([
      config.dataset,
      config.layerCls,
      config.rnnActivation,
      config.nLayers,
      config.dModel,
      config.dHidden,
      config.activationFn,
      config.mode,
      config.trainingMode,
      config.execution,
      config.bsz,
      config.nAccumulationSteps,
      config.evalBsz,
      config.epochs,
      config.logNBatches,
      config.copyPatternLength,
      config.copyTrainSamples,
    ]);
    groups.set(key, [...(groups.get(key) ?? []), config]);
  }
  return groups;
}

function gpuFlopsPerSecond(tokensPerStep: number): number {
  return tokensPerStep <= GPU_ASSUMPTION.smallTokens
    ? GPU_ASSUMPTION.smallFlopsPerSecond
    : GPU_ASSUMPTION.largeFlopsPerSecond;
}

/**
 * Measures every full-scale paper sweep. Timings are cached by setting across sweeps (table1_lru
 * and figure2_EF share theirs). `variants` adds, for a sweep with gradient accumulation, the same
 * sweep at the effective batch with no accumulation (what olrd's memory allows).
 */
export async function measureSweepCosts(
  repoRoot: string,
  options: SweepCostOptions,
  log: (line: string) => void,
): Promise<SweepCost[]> {
  type AtLength = Awaited<ReturnType<typeof atLength>> & { cores: number };
  // Timings by what they depend on, so a rule's BPTT alignment log reuses the sweep's own bptt
  // setting, and every rule of a sweep the same evaluation timing.
  const trainTimings = new Map<string, AtLength>();
  const evalTimings = new Map<string, number>();
  const trainTiming = async (
    config: TrainConfig,
    model: ModelConfig,
    rule: TrainConfig['trainingMode'],
    time: number,
  ): Promise<AtLength> => {
    const key = JSON.stringify([
      model,
      rule,
      config.execution,
      config.bsz,
      config.nAccumulationSteps,
      config.optConfig,
      time,
    ]);
    const known = trainTimings.get(key);
    if (known !== undefined) return known;
    let cores = 0;
    const at = await atLength(time, config.bsz, options.tokenBudget, async (length) => {
      const timing = await timeTrainStep(config, model, rule, config.bsz, length, options.reps);
      cores = timing.cores;
      return timing.ms;
    });
    const result = { ...at, cores };
    trainTimings.set(key, result);
    return result;
  };
  const evalTiming = async (model: ModelConfig, batch: number, time: number): Promise<number> => {
    const key = JSON.stringify([model, batch, time]);
    const known = evalTimings.get(key);
    if (known !== undefined) return known;
    const at = await atLength(time, batch, options.tokenBudget, (length) =>
      Promise.resolve(timeForward(model, batch, length, options.reps)),
    );
    evalTimings.set(key, at.ms / batch);
    return at.ms / batch;
  };
  const results: SweepCost[] = [];
  const files = paperSweepFiles(repoRoot).filter(
    (file) => options.only === undefined || options.only.some((name) => file.includes(name)),
  );
  // A throwaway step first: the backend's first kernels pay one-off setup costs.
  {
    const warm = validateTrainConfig({ nLayers: 1, dModel: 16, dHidden: 8 });
    const model = modelConfigFor(warm, { inputDim: 8, nClasses: 2, multidim: 7 });
    await timeTrainStep(warm, model, 'bptt', 4, 16, 1);
  }
  const sweeps: Array<{ name: string; file: string; configs: TrainConfig[] }> = [];
  for (const file of files) {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    const spec = parseSweepText(text, file, basename(file, '.yaml'));
    const configs = expandSweep(spec, {}, file).map((job) =>
      validateTrainConfig(job.values, `${file}: job ${job.id}`),
    );
    sweeps.push({ name: spec.name, file, configs });
    // olrd's online_full keeps O(T·(N+H)) per sequence in sequence execution, so the
    // accumulation the reference needed for memory is optional here: cost both.
    const accumulated = configs.filter(
      (config) => config.nAccumulationSteps > 1 && config.trainingMode === 'online_full',
    );
    if (accumulated.length === configs.length)
      sweeps.push({
        name: `${spec.name} (no accumulation)`,
        file,
        configs: configs.map((config) => ({
          ...config,
          bsz: config.bsz * config.nAccumulationSteps,
          nAccumulationSteps: 1,
        })),
      });
  }
  for (const { name, file, configs } of sweeps) {
    const settings: SettingCost[] = [];
    for (const group of settingsOf(configs).values()) {
      const config = group[0]!;
      const shape = datasetShape(config);
      const model = modelConfigFor(config, {
        inputDim: shape.inputDim,
        nClasses: shape.nClasses,
        multidim: shape.multidim,
      });
      const stepsPerEpoch = Math.floor(shape.train / config.bsz);
      const aligned = config.trainingMode !== 'bptt' && config.logNBatches > 0;
      const evalBatch = config.evalBsz > 0 ? config.evalBsz : config.bsz;
      const flopsPerStep = trainingFlopsPerStep(
        config.trainingMode,
        model,
        config.bsz,
        shape.time,
        config.nAccumulationSteps,
      );
      const notTimed = NOT_TIMED[name];
      const estimatedFrom = results.find((result) => result.sweep === notTimed?.from);
      if (notTimed !== undefined && estimatedFrom === undefined)
        throw new Error(`sweep-cost: ${name} is estimated from ${notTimed.from}; measure that too`);
      const trainAt =
        notTimed === undefined
          ? await trainTiming(config, model, config.trainingMode, shape.time)
          : {
              ms: flopsPerStep / (estimatedFrom!.achievedGflops * 1e6),
              lengths: [],
              timed: [],
              cores: estimatedFrom!.settings[0]!.cores,
            };
      // The alignment log's BPTT gradient: the same batch through exact BPTT. Evaluation has no
      // dropout; the model config keeps p_dropout, which only masks in training.
      // A sweep that is not timed gets its alignment log and evaluation from FLOPs too: the
      // backend that aborted on its training step is not asked for anything at its sizes.
      const atFromGflops = (flops: number) => flops / (estimatedFrom!.achievedGflops * 1e6);
      const alignMs = !aligned
        ? 0
        : notTimed === undefined
          ? (await trainTiming(config, model, 'bptt', shape.time)).ms
          : atFromGflops(trainingFlopsPerStep('bptt', model, config.bsz, shape.time, 1));
      const evalMs =
        notTimed === undefined
          ? await evalTiming(model, evalBatch, shape.time)
          : atFromGflops(shape.time * forwardFlopsPerToken(model));
      const timing = {
        train: { cores: trainAt.cores },
        trainAt,
        alignMs,
        evalMs,
      };
      const stepsPerJob = config.epochs * stepsPerEpoch;
      const alignmentStepsPerJob = aligned
        ? config.epochs * Math.min(config.logNBatches, stepsPerEpoch)
        : 0;
      const evalSequencesPerJob = config.epochs * shape.evalPerEpoch;
      const jobSeconds =
        (stepsPerJob * timing.trainAt.ms +
          alignmentStepsPerJob * timing.alignMs +
          evalSequencesPerJob * timing.evalMs) /
        1000;
      const jobFlops =
        stepsPerJob * flopsPerStep +
        alignmentStepsPerJob * trainingFlopsPerStep('bptt', model, config.bsz, shape.time, 1) +
        evalSequencesPerJob * shape.time * forwardFlopsPerToken(model);
      const setting: SettingCost = {
        cell: config.layerCls,
        rule: config.trainingMode,
        nLayers: config.nLayers,
        dModel: config.dModel,
        dHidden: config.dHidden,
        batch: config.bsz,
        accumulation: config.nAccumulationSteps,
        time: shape.time,
        jobs: group.length,
        stepsPerJob,
        alignmentStepsPerJob,
        evalSequencesPerJob,
        ...(notTimed === undefined
          ? {}
          : {
              estimated: `not timed: ${notTimed.reason}; FLOPs at ${notTimed.from}'s ${estimatedFrom!.achievedGflops.toFixed(1)} GFLOP/s`,
            }),
        timedLengths: timing.trainAt.lengths,
        timedMsPerStep: timing.trainAt.timed,
        msPerStep: timing.trainAt.ms,
        alignmentMsPerStep: timing.alignMs,
        evalMsPerSequence: timing.evalMs,
        cores: timing.train.cores,
        flopsPerStep,
        achievedGflops: flopsPerStep / (timing.trainAt.ms / 1000) / 1e9,
        cpuHours: (group.length * jobSeconds) / 3600,
        flops: group.length * jobFlops,
      };
      log(
        `  ${name}: ${setting.cell} ${setting.rule} L=${setting.nLayers} H=${setting.dModel} N=${setting.dHidden} B=${setting.batch}×${setting.accumulation} T=${setting.time}: ${setting.msPerStep.toFixed(0)} ms/step (timed at T=${setting.timedLengths.join(',')}), ${setting.achievedGflops.toFixed(1)} GFLOP/s, ${setting.jobs} jobs, ${setting.cpuHours.toFixed(1)} h`,
      );
      settings.push(setting);
    }
    const steps = settings.reduce((sum, s) => sum + s.jobs * s.stepsPerJob, 0);
    const cpuHours = settings.reduce((sum, s) => sum + s.cpuHours, 0);
    const flops = settings.reduce((sum, s) => sum + s.flops, 0);
    const gpuSeconds = settings.reduce(
      (sum, s) => sum + s.flops / gpuFlopsPerSecond(s.batch * s.time),
      0,
    );
    const trainHours = settings.reduce(
      (sum, s) => sum + (s.jobs * s.stepsPerJob * s.msPerStep) / 3.6e6,
      0,
    );
    const trainFlops = settings.reduce(
      (sum, s) => sum + s.jobs * s.stepsPerJob * s.flopsPerStep,
      0,
    );
    results.push({
      sweep: name,
      file,
      jobs: configs.length,
      steps,
      settings,
      msPerStep: (trainHours * 3.6e6) / steps,
      cpuHours,
      coreHours: settings.reduce((sum, s) => sum + s.cpuHours * s.cores, 0),
      flops,
      achievedGflops: trainFlops / (trainHours * 3600) / 1e9,
      gpuHoursEstimate: gpuSeconds / 3600,
    });
  }
  return results;
}
