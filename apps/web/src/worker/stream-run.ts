/**
 * A run on the drifting stream, as `olrd stream --task drift` runs it: @olrd/data's `driftStream`
 * (y_t = x_{t−τ}[c], the hidden rule (τ, c) switching every `switchEvery` steps; `bsz` parallel
 * streams), one endless sequence learnt test-then-train by `OnlineLearner`s with an update every
 * `updateEvery` steps, the same optimiser (Adam, recurrent group at half the rate) and the
 * prequential accuracy over the last DRIFT_WINDOW steps. BPTT has no place here: there are no
 * whole sequences to backpropagate through. BP(λ) learns here too, with γ = 0.9.
 */
import { defaultArchitecture, type ModelConfig } from '@olrd/core';
import { driftStream, type StreamStep } from '@olrd/data';
import { disposeTree } from '@olrd/tensor';
import { isSyntheticGradientRule } from '@olrd/rules';
import { DEFAULT_TRAIN_CONFIG, PrequentialMeter, createOptimizer } from '@olrd/train';
import { DRIFT_CHUNK, DRIFT_WINDOW, type CheckpointInput, type RunSettings } from '../protocol.js';
import type { CheckpointInfo, LearnerReport, Run, RunStep, Warn } from './run.js';
import { checkRules, isStreamRule } from '../lib/rule-choices.js';
import { createLearners, settingsOfModel, startPoint } from './start-point.js';
import { StreamLearner } from './stream-learner.js';

/**
 * BP(λ)'s options on the stream. γ < 1: on an endless sequence the undiscounted future gradient
 * has no bound, and with γ = 1 the synthesiser diverged (olrd stream on this task, LSTM: 99.8%
 * prequential accuracy at step 3,000, chance by step 3,500; γ = 0.9 stayed at 95–98%).
 */
export const STREAM_SYNTHETIC = { gamma: 0.9, lambda: 1, sgWeight: 1 } as const;

/** Metadata key of the stream run's settings (like `olrd stream`'s config.json). */
export const STREAM_CONFIG_KEY = 'stream_config';

export class StreamRun implements Run {
  readonly kind = 'stream' as const;
  readonly seqLength = 0;
  private position = 0;
  private readonly meters: PrequentialMeter[];

  private constructor(
    readonly settings: RunSettings,
    readonly learners: readonly StreamLearner[],
    readonly modelConfig: ModelConfig,
    readonly description: string,
    readonly resumedOptimizer: boolean,
    private readonly steps: Generator<StreamStep>,
  ) {
    this.meters = learners.map(() => new PrequentialMeter(DRIFT_WINDOW));
  }

  /**
   * Builds the stream, the optimiser and the learners (from the seed or a checkpoint).
   *
   * @throws Error when a rule is not one OnlineLearner runs (bptt, tbptt, rtrl: an endless
   *   sequence has no end to backpropagate from) or does not fit the cell, or on webgpu
   *   (OnlineLearner reads values synchronously, which WebGPU cannot).
   */
  static create(
    requested: RunSettings,
    checkpoint: CheckpointInput | undefined,
    warn: Warn,
    backend: string,
  ): StreamRun {
    if (backend === 'webgpu') {
      throw new Error(
        'the drifting stream is learnt by OnlineLearner, which reads values synchronously and WebGPU cannot: choose wasm or cpu',
      );
    }
    const stream = driftStream({
      switchEvery: requested.switchEvery,
      batchSize: requested.bsz,
      seed: requested.seed,
    });
    const base: ModelConfig = {
      ...defaultArchitecture,
      dInput: stream.inputDim,
      dModel: requested.dModel,
      dHidden: requested.dHidden,
      nLayers: requested.nLayers,
      layerCls: requested.layerCls,
      ...(requested.layerCls === 'RNN' ? { rnnActivation: requested.rnnActivation } : {}),
      nClasses: stream.nClasses,
      multidim: stream.multidim,
      pDropout: 0,
      // One model for every learner of the comparison: a synthesiser when any rule trains one.
      ...(requested.rules.some(isSyntheticGradientRule) ? { synthesiser: true } : {}),
    };
    const optimizer = createOptimizer({
      optConfig: 'standard',
      learningRate: () => requested.lrBase,
      recLearningRate: () => requested.lrBase * DEFAULT_TRAIN_CONFIG.lrFactor,
      weightDecay: 0,
    });
    const start = startPoint(checkpoint, base, requested.seed, optimizer, (m) =>
      warn(m, 'checkpoint warning'),
    );
    const { modelConfig } = start;
    const settings: RunSettings = {
      ...settingsOfModel(requested, modelConfig),
      execution: 'streaming',
    };
    try {
      // After the start point: a checkpoint may bring another cell than the controls chose.
      checkRules(settings.rules, modelConfig.layerCls, 'drift');
    } catch (error) {
      disposeTree(start.params);
      throw error;
    }
    const learners = createLearners(
      settings.rules.filter(isStreamRule),
      start.params,
      (rule, params) =>
        StreamLearner.create({
          rule,
          execution: 'streaming',
          config: modelConfig,
          optimizer,
          params,
          batchSize: settings.bsz,
          updateEvery: settings.updateEvery,
          ...(isSyntheticGradientRule(rule) ? { synthetic: STREAM_SYNTHETIC } : {}),
          ...(start.optimizerState ? { optimizerState: start.optimizerState } : {}),
        }),
    ) as StreamLearner[];
    return new StreamRun(
      settings,
      learners,
      modelConfig,
      stream.description,
      start.optimizerState !== undefined,
      stream.steps(),
    );
  }

  get label(): string {
    const { bsz, switchEvery, updateEvery } = this.settings;
    return `drifting stream: ${bsz} stream${bsz === 1 ? '' : 's'}, switch every ${switchEvery}, update every ${updateEvery}`;
  }

  step(_align: boolean, limit: number): Promise<RunStep> {
    const chunk: StreamStep[] = [];
    while (chunk.length < Math.min(DRIFT_CHUNK, limit)) chunk.push(this.steps.next().value);
    this.position += chunk.length;
    const learners: LearnerReport[] = this.learners.map((learner, i) => {
      const meter = this.meters[i]!;
      const seconds = learner.learnSteps(chunk, meter);
      const { loss, accuracy } = meter.windowed;
      return {
        loss,
        accuracy,
        seconds,
        tokens: chunk.length * this.settings.bsz,
        seqLength: this.position,
      };
    });
    return Promise.resolve({
      position: this.position,
      epoch: 0,
      regime: chunk.at(-1)?.regime ?? 0,
      learners,
    });
  }

  checkpointInfo(index: number): CheckpointInfo {
    const { settings } = this;
    const rule = this.learners[index]!.rule;
    const config = {
      task: 'drift',
      rule,
      ...(isSyntheticGradientRule(rule) ? { synthetic: STREAM_SYNTHETIC } : {}),
      updateEvery: settings.updateEvery,
      switchEvery: settings.switchEvery,
      batchSize: settings.bsz,
      lr: settings.lrBase,
      lrFactor: DEFAULT_TRAIN_CONFIG.lrFactor,
      seed: settings.seed,
      window: DRIFT_WINDOW,
      streamSteps: this.position,
    };
    return { metadata: { [STREAM_CONFIG_KEY]: JSON.stringify(config) } };
  }

  dispose(): void {
    for (const learner of this.learners) learner.dispose();
  }
}
