/**
 * The fused streaming engine: the online rules' per-step forward, same-step backward, trace
 * update and gradient accumulation as tight loops over preallocated typed arrays, with no tfjs op
 * per step (the fast path at small batch; docs/rules.md "Fused streaming engine"). It computes
 * what `stepOnline` computes, element by element through one set of scratch buffers.
 */
import { dropoutSites, paramShapes, validateModelConfig, type ModelConfig } from '@olrd/core';
import { requireClassificationEngine } from '../engine-loss.js';
import { requireSupport } from '../names/check-support.js';
import type { LruOnlineRuleName } from '../names/index.js';
import type {
  EngineArray,
  EngineStepResult,
  EngineTarget,
  StreamingEngine,
} from '../streaming-engine.js';
import { fusedGradients } from './fused-gradients.js';
import { requireFused } from './fused-support.js';
import {
  encoderBackward,
  encoderForward,
  headBackward,
  headForward,
  headLoss,
} from './fused-head.js';
import { layerBackward } from './fused-layer-backward.js';
import { commitHidden, layerForward } from './fused-layer-forward.js';
import { allocateFusedParams, loadFusedParams, type FusedParams } from './fused-params.js';
import type { SiteMasks } from './fused-post-block.js';
import { allocateFusedScratch, type FusedScratch } from './fused-scratch.js';
import {
  allocateFusedState,
  fusedRuleLoops,
  resetFusedElements,
  resetFusedGradients,
  type FusedState,
} from './fused-state.js';
import { exportFusedState, importFusedState } from './fused-state-io.js';
import { vecFrom, type Vec } from './fused-vec.js';
import { advanceFullTraces, contractOneStepTraces } from './fused-traces.js';

/** Options of {@link createFusedEngine}. */
export interface FusedEngineOptions {
  /**
   * Dropout masks per layer, per site of the post block, each [B, H] with values 0 or 1/(1 − p)
   * (as `drawDropoutMasks` draws them, read back). Absent or empty: dropout off.
   */
  dropoutMasks?: Float32Array[][];
}

function copyMasks(
  config: ModelConfig,
  batchSize: number,
  masks: Float32Array[][] | undefined,
): (Vec | null)[][] {
  const sites = dropoutSites(config);
  if (masks === undefined || masks.length === 0)
    return Array.from({ length: config.nLayers }, () => [null, null]);
  if (masks.length !== config.nLayers)
    throw new RangeError(
      `fused engine: dropoutMasks has ${masks.length} layers, expected ${config.nLayers}`,
    );
  return masks.map((layerMasks, layer) => {
    if (layerMasks.length !== sites)
      throw new RangeError(
        `fused engine: layer ${layer} has ${layerMasks.length} dropout masks, expected ${sites} for '${config.activation}'`,
      );
    const copied = layerMasks.map((mask, site) => {
      if (mask.length !== batchSize * config.dModel)
        throw new RangeError(
          `fused engine: dropout mask ${layer}.${site} has ${mask.length} values, expected ${batchSize * config.dModel} ([B, H])`,
        );
      return vecFrom(mask);
    });
    return [copied[0] ?? null, copied[1] ?? null];
  });
}

class FusedEngine implements StreamingEngine {
  readonly rule: LruOnlineRuleName;
  readonly batchSize: number;
  private readonly config: ModelConfig;
  private readonly shapes: Record<string, number[]>;
  private readonly names: readonly string[];
  private readonly params: FusedParams;
  private readonly state: FusedState;
  private readonly scratch: FusedScratch;
  private readonly siteMasks: SiteMasks[];
  private readonly fullTraces: boolean;
  private readonly learnLambda: boolean;
  private disposed = false;

  constructor(
    rule: LruOnlineRuleName,
    params: Record<string, Float32Array>,
    config: ModelConfig,
    batchSize: number,
    options: FusedEngineOptions,
  ) {
    this.rule = rule;
    this.batchSize = batchSize;
    this.config = config;
    this.shapes = paramShapes(config);
    this.names = Object.keys(this.shapes);
    this.params = allocateFusedParams(config);
    loadFusedParams(this.params, params, config, this.shapes);
    this.state = allocateFusedState(config, rule, batchSize);
    this.scratch = allocateFusedScratch(config);
    this.siteMasks = copyMasks(config, batchSize, options.dropoutMasks).map(([first, second]) => ({
      first: first ?? null,
      second: second ?? null,
      offset: 0,
    }));
    const loops = fusedRuleLoops(rule);
    this.fullTraces = loops.keepsTraces;
    this.learnLambda = loops.learnsLambda;
  }

  step(x: Float32Array, target: EngineTarget | null): EngineStepResult {
    const { config, batchSize, state } = this;
    if (this.disposed) throw new Error('fused engine: step() after dispose()');
    if (x.length !== batchSize * config.dInput)
      throw new RangeError(
        `fused engine: x has ${x.length} values, expected ${batchSize * config.dInput} ([B, d_input])`,
      );
    if (
      target !== null &&
      (target.y.length !== batchSize * config.multidim || target.weight.length !== batchSize)
    )
      throw new RangeError(
        `fused engine: target needs y [${batchSize}, ${config.multidim}] and weight [${batchSize}], got ${target.y.length} and ${target.weight.length} values`,
      );
    const logProbs = new Float32Array(batchSize * config.multidim * config.nClasses);
    let loss = 0;
    for (let b = 0; b < batchSize; b++) {
      const weight = target === null ? 0 : target.weight[b]!;
      loss += this.stepElement(x, b, target?.y ?? null, weight, logProbs);
      state.steps[b]! += 1;
    }
    state.step += 1;
    return { logProbs, loss };
  }

  /** Forward, backward (when weighted) and traces of element `b`; returns its weighted loss. */
  private stepElement(
    x: Float32Array,
    b: number,
    labels: Int32Array | null,
    weight: number,
    logProbs: Float32Array,
  ): number {
    const { config, params, state, scratch, siteMasks } = this;
    const { nLayers, dModel: width, dHidden: units } = config;
    for (const masks of siteMasks) masks.offset = b * width;
    encoderForward(params, scratch, x, b, config);
    let input = scratch.encoded;
    for (let l = 0; l < nLayers; l++) {
      const act = scratch.layers[l]!;
      layerForward(params.layers[l]!, state.layers[l]!, act, input, b, config, siteMasks[l]!);
      input = act.out;
    }
    headForward(params, state, scratch, input, b, config, logProbs);
    let loss = 0;
    const learns = labels !== null && weight !== 0;
    if (learns) {
      loss = headLoss(scratch, labels, weight, b, config);
      let dOut = scratch.dOut;
      let dIn = scratch.dIn;
      headBackward(params, state, scratch, dOut, config);
      for (let l = nLayers - 1; l >= 0; l--) {
        const p = params.layers[l]!;
        const st = state.layers[l]!;
        const act = scratch.layers[l]!;
        layerBackward(p, st, act, scratch, dOut, dIn, config, siteMasks[l]!);
        if (this.fullTraces) advanceFullTraces(p, st, act, b, width, units, scratch);
        else contractOneStepTraces(p, st, act, b, width, units, scratch, this.learnLambda);
        const swap = dOut;
        dOut = dIn;
        dIn = swap;
      }
      encoderBackward(state, scratch, dOut, config);
    } else if (this.fullTraces) {
      for (let l = 0; l < nLayers; l++)
        advanceFullTraces(
          params.layers[l]!,
          state.layers[l]!,
          scratch.layers[l]!,
          b,
          width,
          units,
          null,
        );
    }
    for (let l = 0; l < nLayers; l++) commitHidden(state.layers[l]!, scratch.layers[l]!, b, units);
    return loss;
  }

  gradients(): Record<string, Float32Array> {
    return fusedGradients(this.params, this.state, this.config, this.names);
  }

  resetGradients(): void {
    resetFusedGradients(this.state);
  }

  resetState(which?: readonly number[]): void {
    resetFusedElements(this.state, this.batchSize, which);
  }

  setParams(params: Record<string, Float32Array>): void {
    loadFusedParams(this.params, params, this.config, this.shapes);
  }

  exportState(): Record<string, EngineArray> {
    return exportFusedState(this.state, this.config.dModel, this.config.dHidden);
  }

  importState(state: Record<string, EngineArray>): void {
    importFusedState(this.state, state);
  }

  dispose(): void {
    this.disposed = true;
  }
}

/**
 * A {@link StreamingEngine} that runs `rule` for `config` on `batchSize` sequences with plain
 * JavaScript loops over typed arrays: same numbers as `stepOnline` (tested to 1e-5 relative),
 * no tfjs op per step, no allocation per step beyond the returned log-probabilities.
 *
 * `params` are spec-0 names → row-major Float32Array (dense kernels [in, out], B_re [N, H],
 * C_re [H, N]); they are copied, so later changes need `setParams`. Pooling `none`, `last`
 * (pass a target only at the last step) and `pool_st` (running mean per element since its last
 * `resetState`). What it runs is the table in fused-support.ts; anything else is refused.
 *
 * @throws RangeError naming the fix for a model or rule outside the table
 *
 * @example
 * ```ts
 * const engine = createFusedEngine('online_full', params, config, 1);
 * const { logProbs, loss } = engine.step(x, { y, weight });
 * const grads = engine.gradients();
 * ```
 */
export function createFusedEngine(
  rule: LruOnlineRuleName,
  params: Record<string, Float32Array>,
  config: ModelConfig,
  batchSize: number,
  options: FusedEngineOptions = {},
): StreamingEngine {
  validateModelConfig(config);
  requireClassificationEngine(config, 'fused engine');
  requireSupport(rule, config, 'streaming');
  const loops = requireFused(rule, config);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`fused engine: batchSize must be a positive integer, got ${batchSize}`);
  return new FusedEngine(loops, params, config, batchSize, options);
}
