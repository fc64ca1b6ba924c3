/**
 * The optimiser step of the exported C library, a port of `ChipOptimizer.apply` for fixed-point
 * params: per parameter array in the learner's order, Δ into the updates' format, p − Δ into
 * the params', the |λ| < 1 and γ > 0 projections, and (momentum) m ← β·m + g first.
 */
import type { ChipOptimizerName } from '../chip-optimizer.js';

/** One parameter array of the update: its C names and its role in the projections. */
export interface CUpdateArray {
  /** C expression of the parameter array (e.g. `lambda_re[1]`). */
  param: string;
  /** C expression of its gradient. */
  grad: string;
  /** C expression of its momentum (momentum only). */
  momentum: string;
  length: string;
  role: 'plain' | 'lambda_re' | 'lambda_im' | 'gamma';
}

function deltaCode(name: ChipOptimizerName, array: CUpdateArray): string {
  switch (name) {
    case 'sgd':
      return `delta = Q_U((int64_t)OLRD_LR_RAW * ${array.grad}[n], 16 + F_A);`;
    case 'sign-sgd':
      return `delta = Q_U((int64_t)OLRD_LR_RAW * ((${array.grad}[n] > 0) - (${array.grad}[n] < 0)), 16);`;
    case 'momentum':
      return [
        `${array.momentum}[n] = (olrd_a_t)Q_A((int64_t)OLRD_BETA_RAW * ${array.momentum}[n] + olrd_align(${array.grad}[n], 16), 16 + F_A);`,
        `      delta = Q_U((int64_t)OLRD_LR_RAW * ${array.momentum}[n], 16 + F_A);`,
      ].join('\n');
    case 'adam':
      throw new RangeError('C export: adam needs float params; use sgd, momentum or sign-sgd');
  }
}

/** `static void olrd_update(void)` for `arrays` in the learner's order. */
export function cUpdateFunction(name: ChipOptimizerName, arrays: readonly CUpdateArray[]): string {
  const blocks = arrays.map((array) => {
    const candidate = `candidate = Q_P(olrd_align(${array.param}[n], FPU - F_P) - olrd_align(delta, FPU - F_U), FPU);`;
    const keep =
      array.role === 'lambda_re'
        ? 'lambda_candidate[n] = candidate;'
        : array.role === 'lambda_im'
          ? `if (lambda_candidate[n] * lambda_candidate[n] + candidate * candidate < OLRD_LAMBDA_LIMIT) {\n        ${array.param.replace('lambda_im', 'lambda_re')}[n] = (olrd_p_t)lambda_candidate[n];\n        ${array.param}[n] = (olrd_p_t)candidate;\n      }`
          : array.role === 'gamma'
            ? `if (candidate > 0) ${array.param}[n] = (olrd_p_t)candidate;`
            : `${array.param}[n] = (olrd_p_t)candidate;`;
    return `  for (n = 0; n < ${array.length}; n++) {
      ${deltaCode(name, array)}
      ${candidate}
      ${keep}
  }`;
  });
  return `#define FPU OLRD_MAX(F_P, F_U)
#define OLRD_LAMBDA_LIMIT ((int64_t)1 << (2 * F_P))

static void olrd_update(void) {
  static int64_t lambda_candidate[OLRD_D_HIDDEN];
  int64_t delta, candidate;
  int n;
${blocks.join('\n')}
}
`;
}
