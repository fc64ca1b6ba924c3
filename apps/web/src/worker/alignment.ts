/**
 * The gradient alignment with BPTT that learners report (the paper's Figure 2 metric): cosine and
 * norm ratio overall, per layer and per module, from `gradientAlignment` in @olrd/train.
 */
import type { Params } from '@olrd/core';
import { gradientAlignment } from '@olrd/train';
import type { AlignmentSample } from '../protocol.js';

const brief = (s: { cosine: number; relativeNorm: number }) => ({
  cosine: s.cosine,
  relativeNorm: s.relativeNorm,
});

/** How `rule` (a rule's gradient) aligns with `bptt` (BPTT's at the same parameters and batch). */
export async function alignmentSample(rule: Params, bptt: Params): Promise<AlignmentSample> {
  const result = await gradientAlignment(rule, bptt);
  const modules: AlignmentSample['modules'] = {};
  for (const [name, stats] of Object.entries(result.modules)) modules[name] = brief(stats);
  return { overall: brief(result.overall), layers: result.layers.map(brief), modules };
}
