/** One colour per learner (side-by-side rules), colour-blind safe (Okabe–Ito). */
export const LEARNER_COLORS = ['#0072B2', '#D55E00'] as const;

export function learnerColor(index: number): string {
  return LEARNER_COLORS[index % LEARNER_COLORS.length] as string;
}

/** Dash patterns of per-layer series (overall is solid). */
export const LAYER_DASHES = ['6 3', '2 2', '8 3 2 3', '1 3'] as const;
