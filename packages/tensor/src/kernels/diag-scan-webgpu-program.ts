/**
 * The WGSL program behind `OlrdDiagScan` on webgpu: one invocation per (batch, unit) chain, each
 * looping sequentially over T. tfjs programs have a single output, so the kernel dispatches this
 * program twice with `part` = 0 (re) and 1 (im); recomputing a B·N×T chain costs less than a
 * third dispatch would. The shader reads `uniforms.chains`: a WGSL program that reads no uniform
 * gets an invalid bind group in tfjs-webgpu and silently outputs zeros (spec 4).
 */
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

const WORKGROUP_SIZE = 64;

/** A fresh program per dispatch: tfjs rewrites `shaderKey` and `dispatch` in place when running one. */
export class DiagScanProgram implements WebGPUProgram {
  readonly variableNames = ['lambdaRe', 'lambdaIm', 'bRe', 'bIm'];
  readonly outputShape: number[];
  shaderKey = 'olrdDiagScan';
  readonly dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [WORKGROUP_SIZE, 1, 1];
  readonly uniforms = 'chains : i32, reverse : i32, part : i32,';

  /** `shape` is `[B, T, N]`; `B·N` invocations are dispatched. */
  constructor(shape: readonly number[]) {
    this.outputShape = [...shape];
    this.dispatchLayout = { x: [0, 1, 2] };
    const chains = (shape[0] ?? 0) * (shape[2] ?? 0);
    this.dispatch = [Math.max(1, Math.ceil(chains / WORKGROUP_SIZE)), 1, 1];
  }

  /** Uniform values for one dispatch, in the order declared in `uniforms`. */
  static uniformData(
    shape: readonly number[],
    reverse: boolean,
    part: 0 | 1,
  ): Array<{ type: string; data: number[] }> {
    const chains = (shape[0] ?? 0) * (shape[2] ?? 0);
    return [
      { type: 'int32', data: [chains] },
      { type: 'int32', data: [reverse ? 1 : 0] },
      { type: 'int32', data: [part] },
    ];
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index >= uniforms.chains) {
          return;
        }
        let time = uniforms.outShape[1];
        let units = uniforms.outShape[2];
        let b = index / units;
        let n = index % units;
        let ar = lambdaRe[n];
        let ai = lambdaIm[n];
        var hr = 0.0;
        var hi = 0.0;
        for (var step = 0; step < time; step++) {
          var t = step;
          if (uniforms.reverse != 0) {
            t = time - 1 - step;
          }
          let i = (b * time + t) * units + n;
          let nextRe = ar * hr - ai * hi + bRe[i];
          hi = ar * hi + ai * hr + bIm[i];
          hr = nextRe;
          if (uniforms.part == 0) {
            setOutputAtIndex(i, hr);
          } else {
            setOutputAtIndex(i, hi);
          }
        }
      }
    `;
  }
}
