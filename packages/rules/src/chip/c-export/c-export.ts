/**
 * `exportChipC`: the chip learner as a dependency-free C99 library (olrd.h, olrd.c, README.md):
 * static arrays sized from the model config and initialised with the parameters' raw integers,
 * no malloc, no float, only <stdint.h>. `olrd_step(input, target)` runs forward, online_full's
 * traces, the gradient and the update; `olrd_predict(input)` runs forward and the traces. It
 * computes the same bits as the TypeScript simulator (`ChipLearner`), draw for draw.
 */
import {
  CONSTANT_FRAC_BITS,
  EXP2_Q16,
  LAYER_NORM_EPSILON_CHIP,
  LOG2E_Q16,
} from '../chip-constants.js';
import { ChipLearner, type ChipLearnerOptions } from '../chip-learner.js';
import { checkChipConfig } from '../chip-model.js';
import { rawRange, type FixedFormat } from '../number-format.js';
import { isAllFixed, formatPrecision, type QuantityClass } from '../precision.js';
import { cReadme } from './c-readme.js';
import { C_RUNTIME } from './c-runtime.js';
import { C_STEP } from './c-step.js';
import { cUpdateFunction, type CUpdateArray } from './c-update.js';

const CLASS_LETTER: Record<QuantityClass, string> = {
  params: 'P',
  state: 'S',
  traces: 'T',
  errors: 'E',
  accumulators: 'A',
  updates: 'U',
};

/** Spec-like parameter names → C array base names. */
const PARAM_C_NAMES: Record<string, string> = {
  'norm.scale': 'norm_scale',
  'norm.bias': 'norm_bias',
  'rec.lambda_re': 'lambda_re',
  'rec.lambda_im': 'lambda_im',
  'rec.gamma': 'gamma_',
  'rec.B_re': 'b_re',
  'rec.B_im': 'b_im',
  'rec.C_re': 'c_re',
  'rec.C_im': 'c_im',
  'rec.D': 'd_',
};

const STATE_C_NAMES: Record<string, string> = {
  hRe: 'h_re',
  hIm: 'h_im',
  traceLambdaRe: 'trace_lambda_re',
  traceLambdaIm: 'trace_lambda_im',
  traceGammaRe: 'trace_gamma_re',
  traceGammaIm: 'trace_gamma_im',
  traceBRe: 'trace_b_re',
  traceBIm: 'trace_b_im',
};

interface CArray {
  /** The simulator's name (`ChipLearner.rawArrays`). */
  name: string;
  /** C base name and layer (null: not per layer). */
  base: string;
  layer: number | null;
  letter: string;
  values: ArrayLike<number>;
}

function cExpression(array: Pick<CArray, 'base' | 'layer'>): string {
  return array.layer === null ? array.base : `${array.base}[${array.layer}]`;
}

function gradName(base: string): string {
  return `g_${base.replace(/_$/, '')}`;
}

function momentumName(base: string): string {
  return `m_${base.replace(/_$/, '')}`;
}

/** Declares per-layer arrays as [L][n] and the rest as [n], with initialisers when non-zero. */
function declareArrays(arrays: readonly CArray[], initialise: boolean): string {
  const byBase = new Map<string, CArray[]>();
  for (const array of arrays) byBase.set(array.base, [...(byBase.get(array.base) ?? []), array]);
  const lines: string[] = [];
  for (const [base, group] of byBase) {
    const first = group[0]!;
    const type = `olrd_${first.letter.toLowerCase()}_t`;
    const length = first.values.length;
    const list = (values: ArrayLike<number>) => Array.from(values).join(', ');
    if (first.layer === null)
      lines.push(
        `static ${type} ${base}[${length}]${initialise ? ` = {${list(first.values)}}` : ''};`,
      );
    else
      lines.push(
        `static ${type} ${base}[OLRD_LAYERS][${length}]${initialise ? ` = {${group.map((a) => `{${list(a.values)}}`).join(',\n  ')}}` : ''};`,
      );
  }
  return lines.join('\n');
}

function classMacros(options: ChipLearnerOptions): string {
  const lines: string[] = [];
  for (const [cls, letter] of Object.entries(CLASS_LETTER) as [QuantityClass, string][]) {
    const { format, rounding } = options.precision[cls];
    const fixed = format as FixedFormat;
    const { min, max } = rawRange(fixed);
    lines.push(
      `#define F_${letter} ${fixed.fracBits}`,
      `#define LO_${letter} (${min}LL)`,
      `#define HI_${letter} (${max}LL)`,
      `#define SR_${letter} ${rounding === 'stochastic' ? 1 : 0}`,
      `#define Q_${letter}(v, from) olrd_round((v), (from), F_${letter}, LO_${letter}, HI_${letter}, SR_${letter})`,
    );
  }
  return lines.join('\n');
}

function typedefs(options: ChipLearnerOptions): string {
  return (Object.entries(CLASS_LETTER) as [QuantityClass, string][])
    .map(([cls, letter]) => {
      const format = options.precision[cls].format;
      return `typedef int${format.bits}_t olrd_${letter.toLowerCase()}_t; /* ${cls}: ${format.name} */`;
    })
    .join('\n');
}

/**
 * The C library of a fresh chip learner for `options` (every class fixed point; sgd, momentum or
 * sign-sgd): file name → contents. Throws a `RangeError` naming what is outside the export.
 */
export function exportChipC(options: ChipLearnerOptions): Record<string, string> {
  const config = checkChipConfig(options.config);
  if (!isAllFixed(options.precision))
    throw new RangeError(
      `C export: every class must be fixed point (qM.N) so the library needs no float; got ${formatPrecision(options.precision)}`,
    );
  if (options.optimizer.name === 'adam')
    throw new RangeError('C export: adam needs float params; use sgd, momentum or sign-sgd');
  const learner = ChipLearner.create(options);
  const raw = learner.rawArrays();
  const params: CArray[] = [];
  const state: CArray[] = [];
  for (const [name, values] of Object.entries(raw)) {
    if (name.startsWith('params.')) {
      const local = name.slice('params.'.length);
      const match = /^layers\.(\d+)\.(.+)$/.exec(local);
      params.push({
        name,
        base: match ? PARAM_C_NAMES[match[2]!]! : local.replace('.', '_'),
        layer: match ? Number(match[1]) : null,
        letter: 'P',
        values,
      });
    } else if (name.startsWith('state.') || name.startsWith('traces.')) {
      const [kind, , layer, key] = name.split('.');
      state.push({
        name,
        base: STATE_C_NAMES[key!]!,
        layer: Number(layer),
        letter: kind === 'state' ? 'S' : 'T',
        values,
      });
    }
  }
  const grads = params.map((p) => ({ ...p, base: gradName(p.base), letter: 'A', name: '' }));
  const momentum = options.optimizer.name === 'momentum';
  const momenta = params.map((p, i) => ({
    ...p,
    base: momentumName(p.base),
    letter: 'A',
    name: `optimizer.${i}`,
  }));
  const stateFormat = options.precision.state.format as FixedFormat;
  const epsilonRaw = Math.max(1, Math.round(LAYER_NORM_EPSILON_CHIP * 4 ** stateFormat.fracBits));
  const lrRaw = Math.round(options.optimizer.learningRate * 2 ** CONSTANT_FRAC_BITS);
  const betaRaw = Math.round((options.optimizer.momentum ?? 0.9) * 2 ** CONSTANT_FRAC_BITS);
  const outputs = config.nClasses * config.multidim;
  const tableEntries = [...params, ...state, ...(momentum ? momenta : [])].map(
    (array) =>
      `  {"${array.name}", ${cExpression(array)}, ${array.values.length}, sizeof(olrd_${array.letter.toLowerCase()}_t)}`,
  );
  const gradEntries = grads.map((g) => `  {${cExpression(g)}, ${g.values.length}}`);
  const updateArrays: CUpdateArray[] = params.map((p, i) => ({
    param: cExpression(p),
    grad: cExpression(grads[i]!),
    momentum: cExpression(momenta[i]!),
    length: String(p.values.length),
    role:
      p.base === 'lambda_re'
        ? 'lambda_re'
        : p.base === 'lambda_im'
          ? 'lambda_im'
          : p.base === 'gamma_'
            ? 'gamma'
            : 'plain',
  }));
  const header = `/* olrd.h: an online_full learner for one LRU model, exported by olrd (see README.md). */
#ifndef OLRD_H
#define OLRD_H
#include <stdint.h>

#define OLRD_D_INPUT ${config.dInput}
#define OLRD_D_MODEL ${config.dModel}
#define OLRD_D_HIDDEN ${config.dHidden}
#define OLRD_LAYERS ${config.nLayers}
#define OLRD_CLASSES ${config.nClasses}
#define OLRD_HEADS ${config.multidim}
#define OLRD_OUTPUTS ${outputs}
/* Inputs are raw state-format numbers: round(x * 2^OLRD_INPUT_FRAC_BITS). */
#define OLRD_INPUT_FRAC_BITS ${stateFormat.fracBits}

${typedefs(options)}

/** One stored array, for inspection (e.g. dumping the state over a serial line). */
typedef struct {
  const char *name;
  const void *data;
  uint32_t length;
  uint32_t bytes_per_value;
} olrd_array_t;

/** Parameters, state, traces (and momentum) under the simulator's names. */
extern const olrd_array_t olrd_arrays[];
extern const uint32_t olrd_array_count;
/** The last step's predicted class per head. */
extern int32_t olrd_prediction[OLRD_HEADS];

/** Predict, then learn from target[OLRD_HEADS] (class labels); returns the heads predicted right. */
int olrd_step(const olrd_s_t input[OLRD_D_INPUT], const int32_t target[OLRD_HEADS]);
/** Predict only (state and traces still advance); returns head 0's class. */
int32_t olrd_predict(const olrd_s_t input[OLRD_D_INPUT]);
/** Zero the recurrent state and the traces (a new sequence). */
void olrd_reset_state(void);

#endif
`;
  const source = `/* olrd.c: generated by olrd export --target c; precision ${formatPrecision(options.precision)},
 * optimiser ${options.optimizer.name} (lr ${options.optimizer.learningRate}). Do not edit: re-export. */
#include "olrd.h"

${classMacros(options)}
#define OLRD_NORM_EPSILON_RAW ${epsilonRaw}
#define OLRD_LR_RAW ${lrRaw}
#define OLRD_BETA_RAW ${betaRaw}
#define OLRD_LOG2E_Q16 ${LOG2E_Q16}
#define OLRD_EXP2_C1 ${EXP2_Q16[0]}
#define OLRD_EXP2_C2 ${EXP2_Q16[1]}
#define OLRD_EXP2_C3 ${EXP2_Q16[2]}
${C_RUNTIME}
/* Parameters (raw ${options.precision.params.format.name}). */
${declareArrays(params, true)}
/* Gradient accumulators${momentum ? ' and momentum' : ''}. */
${declareArrays(grads, false)}
${momentum ? declareArrays(momenta, false) : ''}
/* Recurrent state and traces. */
${declareArrays(state, false)}
/* This step's activations and errors. */
static olrd_s_t x[OLRD_D_INPUT], encoded[OLRD_D_MODEL], logits[OLRD_OUTPUTS];
static olrd_s_t xhat[OLRD_LAYERS][OLRD_D_MODEL], u[OLRD_LAYERS][OLRD_D_MODEL], out[OLRD_LAYERS][OLRD_D_MODEL];
static olrd_s_t bu_re[OLRD_LAYERS][OLRD_D_HIDDEN], bu_im[OLRD_LAYERS][OLRD_D_HIDDEN];
static olrd_s_t new_re[OLRD_LAYERS][OLRD_D_HIDDEN], new_im[OLRD_LAYERS][OLRD_D_HIDDEN];
static int64_t norm_sd[OLRD_LAYERS];
static uint32_t exps[OLRD_CLASSES];
static olrd_e_t delta[OLRD_OUTPUTS], error_top[OLRD_D_MODEL], error_below[OLRD_D_MODEL];
static olrd_e_t du[OLRD_D_MODEL], dxhat[OLRD_D_MODEL];
static olrd_e_t g_re[OLRD_D_HIDDEN], g_im[OLRD_D_HIDDEN], gs_re[OLRD_D_HIDDEN], gs_im[OLRD_D_HIDDEN];
int32_t olrd_prediction[OLRD_HEADS];

static const struct {
  olrd_a_t *data;
  uint32_t length;
} olrd_gradients[] = {
${gradEntries.join(',\n')}
};

const olrd_array_t olrd_arrays[] = {
${tableEntries.join(',\n')}
};
const uint32_t olrd_array_count = sizeof olrd_arrays / sizeof olrd_arrays[0];

${cUpdateFunction(options.optimizer.name, updateArrays)}
${C_STEP}`;
  const initialState = `/* The stochastic-rounding stream starts from seed ${options.seed ?? 0}. */
static uint32_t olrd_random_state = ${(((options.seed ?? 0) >>> 0) ^ 0x9e3779b9) >>> 0}u;`;
  return {
    'olrd.h': header,
    'olrd.c': source.replace('static uint32_t olrd_random_state;', initialState),
    'README.md': cReadme(config, options),
  };
}
