/**
 * The grid of `olrd chip study` (docs/on-chip.md "Precision study"): the presets, and each
 * quantity class lowered alone from fp32 to 8 bits, 16 bits and bf16 (params also with
 * stochastically rounded updates, and in two 8-bit splits), on the drift and copy streams.
 */
import type { QuantityClass } from '@olrd/rules';

/** One precision of the study. */
export interface StudyPrecision {
  /** `--precision` text. */
  spec: string;
  /** The class lowered alone, or `preset`. */
  group: QuantityClass | 'preset';
  /** Bits of the lowered class (16 for bf16; 32 for fp32). */
  bits: number;
  /** Whether updates round stochastically. */
  stochastic: boolean;
}

/** One task of the study, with the learner settings tuned for fp32 (sgd). */
export interface StudyTask {
  task: 'drift' | 'copy';
  steps: number;
  learningRate: number;
}

/** The tasks: drift (two regimes) and copy (pattern length 5, ≈ 1,670 sequences). */
export const STUDY_TASKS: readonly StudyTask[] = [
  { task: 'drift', steps: 6000, learningRate: 0.005 },
  { task: 'copy', steps: 30000, learningRate: 0.01 },
];

const ALONE: Record<Exclude<QuantityClass, 'params' | 'updates'>, [string, string]> = {
  state: ['q4.4', 'q4.12'],
  traces: ['q5.3', 'q6.10'],
  errors: ['q2.6', 'q4.12'],
  accumulators: ['q2.6', 'q8.8'],
};

function entry(spec: string, group: StudyPrecision['group'], bits: number): StudyPrecision {
  return { spec, group, bits, stochastic: spec.includes('stochastic') };
}

/** Every precision of the study, fp32 first. */
export function studyPrecisions(): StudyPrecision[] {
  const out: StudyPrecision[] = [
    entry('fp32', 'preset', 32),
    entry('bf16', 'preset', 16),
    entry('int16', 'preset', 16),
    entry('int16,updates=nearest', 'preset', 16),
    entry('int8', 'preset', 8),
    entry('int8,updates=nearest', 'preset', 8),
  ];
  for (const [format, bits] of [
    ['q3.5', 8],
    ['q2.6', 8],
    ['q4.12', 16],
  ] as const) {
    out.push(entry(`params=${format}`, 'params', bits));
    out.push(entry(`params=${format},updates=stochastic`, 'params', bits));
  }
  out.push(entry('params=bf16', 'params', 16));
  for (const [cls, [eight, sixteen]] of Object.entries(ALONE) as [
    QuantityClass,
    [string, string],
  ][]) {
    out.push(entry(`${cls}=${eight}`, cls, 8));
    out.push(entry(`${cls}=${sixteen}`, cls, 16));
    out.push(entry(`${cls}=bf16`, cls, 16));
  }
  for (const format of ['q3.5', 'q4.12'])
    for (const rounding of ['nearest', 'stochastic'])
      out.push(entry(`updates=${format}:${rounding}`, 'updates', format === 'q3.5' ? 8 : 16));
  return out;
}
