/**
 * What the fused engine runs, as a table: the rules (by the loops each one runs), the cell, the
 * pooling modes, the post blocks and the heads. `createEngine`'s `auto` picks the fused engine
 * inside this table and the tensor engine outside it; asking for `fused` outside it is refused
 * with the reason and the fix. The loops' own switches over these settings end in exhaustiveness
 * checks, so a new setting in @olrd/core is a compile error here until the table says what to do.
 */
import type { Activation, LayerClass, ModelConfig, PoolingMode } from '@olrd/core';
import type { LruOnlineRuleName } from '../names/index.js';

/** The fused engine's support table. */
export const FUSED_SUPPORT = {
  /** Learner rule → the loops it runs (SnAp-1 on the LRU's diagonal recurrence is online_full). */
  rules: {
    online_full: 'online_full',
    snap1: 'online_full',
    online_1truncated: 'online_1truncated',
    online_spatial: 'online_spatial',
  } as Readonly<Record<string, LruOnlineRuleName>>,
  cells: ['LRU'] as readonly LayerClass[],
  pooling: ['none', 'last', 'pool_st'] as readonly PoolingMode[],
  /** Every post block of @olrd/core (fused-post-block.ts). */
  activations: ['full_glu', 'half_glu1', 'half_glu2', 'gelu', 'none'] as readonly Activation[],
  /** A classification head on one tower (no retrieval pair, no regression readout). */
  heads: ['classification'] as const,
} as const;

/**
 * Why the fused engine cannot run `rule` on `config`, or `undefined` when it can. The wording
 * names what is outside the table; `createEngine` adds the fix.
 */
export function fusedSupportProblem(
  rule: string,
  config: Pick<ModelConfig, 'layerCls' | 'mode' | 'activation' | 'loss' | 'retrieval'>,
): string | undefined {
  const { rules, cells, pooling, activations } = FUSED_SUPPORT;
  if (!Object.hasOwn(rules, rule))
    return `the fused engine runs ${Object.keys(rules).join(', ')}, not '${rule}'`;
  if (!cells.includes(config.layerCls))
    return `the fused engine runs the ${cells.join(', ')} only, not ${config.layerCls}`;
  if (!pooling.includes(config.mode))
    return `the fused engine pools by ${pooling.join(', ')}, not '${config.mode}'`;
  if (!activations.includes(config.activation))
    return `the fused engine has no post block '${config.activation}'`;
  if (config.retrieval === true || config.loss === 'mse')
    return 'the fused engine trains a classification head on one tower only';
  return undefined;
}

/**
 * The loops the fused engine runs for `rule` on `config`.
 *
 * @throws RangeError with {@link fusedSupportProblem}'s reason and the fix (engine 'tfjs' or
 *   'auto') when the fused engine cannot run it
 */
export function requireFused(
  rule: string,
  config: Parameters<typeof fusedSupportProblem>[1],
): LruOnlineRuleName {
  const problem = fusedSupportProblem(rule, config);
  if (problem !== undefined)
    throw new RangeError(`${problem}: use engine 'tfjs' (or 'auto', which picks it)`);
  return FUSED_SUPPORT.rules[rule] as LruOnlineRuleName;
}
