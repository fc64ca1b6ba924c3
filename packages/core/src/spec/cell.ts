/**
 * The recurrent cell interface: what a layer's recurrence must expose so that every learning rule
 * works on it (spec 0, "a learning rule is a small interface"). Cells carry no training-mode
 * switch; rules compose the pieces below (stop the carry, stop the recurrent terms, contract with
 * the Jacobian's diagonal blocks) to define their estimators.
 *
 * A cell's state is a real tensor [..., k·N] laid out component-major: component c of unit i sits
 * at index c·N + i (LRU: re, im; LSTM: h, c; RNN and GRU: k = 1). A parameter element "feeds" unit
 * i when, with s_{t−1} fixed, it changes only unit i's k entries of s_t; every parameter of every
 * cell here feeds exactly one unit, which is what makes SnAp-1's per-unit traces well defined.
 */
import type { tf } from '@olrd/tensor';
import type { ModelConfig } from '../model-config.js';
import type { Params } from '../params.js';
import type { Uniform } from '../random.js';
import type { SpecificationVersion } from './version.js';

/** The cell's sizes: width H (input and output features) and N units. */
export interface CellSizes {
  width: number;
  units: number;
}

/** A recurrent cell. All tensors are owned by the caller; no method disposes its arguments. */
export interface Cell {
  /** The version of this interface the cell implements (absent: the current one). */
  readonly specificationVersion?: SpecificationVersion;
  /** State components per unit (k). */
  readonly components: number;
  /**
   * True when ∂s_t/∂s_{t−1} is exactly its diagonal blocks (units do not interact through the
   * recurrence: the LRU), so rules may keep per-unit traces instead of dense ones.
   */
  readonly blockDiagonal?: boolean;
  /** A parameter whose axis `axis` has length N (to infer N and the layer count from shapes). */
  readonly unitsParam: readonly [name: string, axis: number];
  /** Local names (under `layers.{i}.rec.`) of the parameters that act inside the recurrence. */
  readonly recurrentParams: readonly string[];
  /**
   * The reference's optimiser groups among this cell's parameters (local names): `rec`, the
   * recurrence's own transition (the LRU's λ and γ, the RNN's A), trained at the recurrent rate
   * without weight decay; `B`, the input matrix, which `optConfig` places. Absent: neither.
   */
  readonly optimizerGroups?: { readonly rec: readonly string[]; readonly B: readonly string[] };
  /** Local parameter names → shapes. */
  paramShapes(sizes: CellSizes): Record<string, number[]>;
  /** Fresh parameters (local names), deterministic in `uniform`. */
  init(uniform: Uniform, sizes: CellSizes, config: ModelConfig): Record<string, tf.Tensor>;
  /** Why a configuration cannot use this cell, or undefined when it can. */
  validate?(config: ModelConfig): string | undefined;
  /**
   * The terms that reach s_t from s_{t−1} through recurrent weights (e.g. A·ρ(h), W_hh·h).
   * `online_spatial` stops their gradient, so recurrent weights receive none.
   */
  recurrentTerms(rec: Params, prev: tf.Tensor, config: ModelConfig): tf.Tensor[];
  /** s_t from s_{t−1} [B, kN], the recurrent terms and u_t [B, H]. */
  update(
    rec: Params,
    prev: tf.Tensor,
    terms: tf.Tensor[],
    u: tf.Tensor,
    config: ModelConfig,
  ): tf.Tensor;
  /** The layer's output y [..., H] from s [..., kN] and u [..., H] (any leading shape). */
  readout(rec: Params, state: tf.Tensor, u: tf.Tensor): tf.Tensor;
  /** The full one-step Jacobian ∂s_t/∂s_{t−1}, [B, kN, kN] (row = output entry). */
  jacobian(rec: Params, prev: tf.Tensor, u: tf.Tensor, config: ModelConfig): tf.Tensor3D;
  /**
   * Its diagonal blocks: [B, N, k, k] with block[b, i, c, c'] = ∂s_t[c·N+i]/∂s_{t−1}[c'·N+i].
   * O(k²·N) per example, so SnAp-1 never forms the full Jacobian.
   */
  jacobianBlocks(rec: Params, prev: tf.Tensor, u: tf.Tensor, config: ModelConfig): tf.Tensor4D;
  /**
   * Spreads per-unit values v [B, N] onto the elements of parameter `name`: [B, ...shape], where
   * element e receives v[b, unit(e)] — the unit that element feeds.
   */
  spreadUnits(name: string, v: tf.Tensor2D, sizes: CellSizes): tf.Tensor;
  /**
   * The exact states for u [B, T, H] from `initial` [B, kN] (zero when absent), [B, T, kN].
   * Autodiff through it is BPTT.
   */
  scan(rec: Params, u: tf.Tensor3D, config: ModelConfig, initial?: tf.Tensor2D): tf.Tensor3D;
}
