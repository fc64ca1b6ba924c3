/**
 * Preallocated double-precision scratch of the fused engine: one batch element's forward activations per
 * layer (kept for the same-step backward) and the backward pass's shared vectors. Nothing is
 * allocated per step; batch elements are processed one after another through the same buffers.
 */
import type { ModelConfig } from '@olrd/core';
import { zeros, type Vec } from './fused-vec.js';

/** One layer's forward activations for the element being processed. */
export interface LayerActivations {
  /** The recurrence input u (LN(z) with pre-norm, else z), [H]. */
  u: Vec;
  /** Pre-norm x̂ [H] and its 1/σ (in `stats[0]`). */
  xhatPre: Vec;
  /** B̃u, [N] as (re, im). */
  inputRe: Vec;
  inputIm: Vec;
  /** h_t, [N] as (re, im). */
  hRe: Vec;
  hIm: Vec;
  /** The readout y = Re(C h) + D ⊙ u, [H]. */
  y: Vec;
  /** GELU's gate σ(2z) at y, [H]. */
  gate: Vec;
  /** GLU input a = gelu(y)·mask0, [H]. */
  a: Vec;
  /** out1's pre-activation (full_glu), [H]. */
  p1: Vec;
  /** σ(out2's pre-activation), [H]. */
  s: Vec;
  /** Layer output [H] (z + m, then LN with post-norm). */
  out: Vec;
  /** Post-norm x̂ [H] and its 1/σ (in `stats[1]`). */
  xhatPost: Vec;
  stats: Vec;
}

/** All scratch of one engine. */
export interface FusedScratch {
  /** The input step as doubles [d_input]. */
  x: Vec;
  /** Encoder output [H]. */
  encoded: Vec;
  layers: LayerActivations[];
  /** Decoder input (the pooled features) [H], logits and their gradient [C·multidim]. */
  features: Vec;
  logits: Vec;
  dLogits: Vec;
  /** Backward vectors [H]: the error arriving at a layer's output and leaving at its input. */
  dOut: Vec;
  dIn: Vec;
  /** Backward vectors [H] inside a layer. */
  dResidual: Vec;
  dY: Vec;
  dA: Vec;
  dP1: Vec;
  dP2: Vec;
  dU: Vec;
  /** The instantaneous error g = ∂L/∂(Re h, Im h), [N]. */
  gRe: Vec;
  gIm: Vec;
}

/** Scratch for `config`. */
export function allocateFusedScratch(config: ModelConfig): FusedScratch {
  const { dInput, dModel: width, dHidden: units } = config;
  const outputs = config.nClasses * config.multidim;
  const f64 = zeros;
  return {
    x: f64(dInput),
    encoded: f64(width),
    layers: Array.from({ length: config.nLayers }, (): LayerActivations => ({
      u: f64(width),
      xhatPre: f64(width),
      inputRe: f64(units),
      inputIm: f64(units),
      hRe: f64(units),
      hIm: f64(units),
      y: f64(width),
      gate: f64(width),
      a: f64(width),
      p1: f64(width),
      s: f64(width),
      out: f64(width),
      xhatPost: f64(width),
      stats: f64(2),
    })),
    features: f64(width),
    logits: f64(outputs),
    dLogits: f64(outputs),
    dOut: f64(width),
    dIn: f64(width),
    dResidual: f64(width),
    dY: f64(width),
    dA: f64(width),
    dP1: f64(width),
    dP2: f64(width),
    dU: f64(width),
    gRe: f64(units),
    gIm: f64(units),
  };
}
