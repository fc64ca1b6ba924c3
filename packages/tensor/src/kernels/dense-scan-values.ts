/**
 * The dense scan's loops over plain arrays, shared by the cpu and wasm kernels (one
 * implementation, two ways of reaching the backend's memory). Row-major: A[i, j] = a[i·N + j],
 * b[b, t, i] = b[(b·T + t)·N + i]. Per step a matrix-vector product over ρ(h_{t−1}) computed once,
 * accumulated in a double and stored as float32.
 */
import type { DenseScanActivation } from './kernel-names.js';

/** ρ. */
function activate(x: number, activation: DenseScanActivation): number {
  if (activation === 'tanh') return Math.tanh(x);
  if (activation === 'relu') return x > 0 ? x : 0;
  return x;
}

/** ρ′. */
function slope(x: number, activation: DenseScanActivation): number {
  if (activation === 'tanh') {
    const y = Math.tanh(x);
    return 1 - y * y;
  }
  if (activation === 'relu') return x > 0 ? 1 : 0;
  return 1;
}

/** [B, T, N] of a scan's b, h or g. */
export interface DenseScanShape {
  batch: number;
  time: number;
  units: number;
}

/** h_t = A·ρ(h_{t−1}) + b_t from h_{−1} = initial, written into `h`. */
export function denseScanValues(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  initial: ArrayLike<number>,
  { batch, time, units }: DenseScanShape,
  activation: DenseScanActivation,
  h: Float32Array,
): void {
  const carried = new Float64Array(units);
  for (let n = 0; n < batch; n++) {
    for (let j = 0; j < units; j++) carried[j] = activate(initial[n * units + j]!, activation);
    for (let t = 0; t < time; t++) {
      const row = (n * time + t) * units;
      for (let i = 0; i < units; i++) {
        let sum = b[row + i]!;
        const aRow = i * units;
        for (let j = 0; j < units; j++) sum += a[aRow + j]! * carried[j]!;
        h[row + i] = sum;
      }
      for (let j = 0; j < units; j++) carried[j] = activate(h[row + j]!, activation);
    }
  }
}

/** ε_t = g_t + ρ′(h_t) ⊙ Aᵀ·ε_{t+1} from ε_{T−1} = g_{T−1}, written into `epsilon`. */
export function denseScanAdjointValues(
  a: ArrayLike<number>,
  h: ArrayLike<number>,
  g: ArrayLike<number>,
  { batch, time, units }: DenseScanShape,
  activation: DenseScanActivation,
  epsilon: Float32Array,
): void {
  // w = ρ′(h_t) ⊙ Aᵀ ε_{t+1}, the credit that reaches h_t through step t + 1.
  const back = new Float64Array(units);
  for (let n = 0; n < batch; n++) {
    for (let t = time - 1; t >= 0; t--) {
      const row = (n * time + t) * units;
      if (t === time - 1) {
        for (let i = 0; i < units; i++) epsilon[row + i] = g[row + i]!;
      } else {
        const next = row + units;
        back.fill(0);
        for (let j = 0; j < units; j++) {
          const e = epsilon[next + j]!;
          if (e === 0) continue;
          const aRow = j * units;
          for (let i = 0; i < units; i++) back[i] = back[i]! + a[aRow + i]! * e;
        }
        for (let i = 0; i < units; i++)
          epsilon[row + i] = g[row + i]! + slope(h[row + i]!, activation) * back[i]!;
      }
    }
  }
}

/** [B, T, N] of a rank-3 shape. */
export function denseScanShapeOf(shape: readonly number[]): DenseScanShape {
  const [batch, time, units] = shape as [number, number, number];
  return { batch, time, units };
}
