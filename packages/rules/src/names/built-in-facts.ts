/**
 * The facts of the built-in rules, in the order users see them. Each rule's maths is in
 * `src/rules/`; this file holds only what needs no tensors, so the names subpath stays tfjs-free.
 */
import type { PoolingMode } from '@olrd/core';
import type { Head, RuleFacts, RuleSupport } from './rule-facts.js';

const ALL_POOLING: readonly PoolingMode[] = ['none', 'last', 'pool', 'pool_st'];
/** `pool` averages over the whole sequence, so no rule whose credit is formed online can use it. */
const ONLINE_POOLING: readonly PoolingMode[] = ['none', 'last', 'pool_st'];
const ALL_HEADS: readonly Head[] = ['classification', 'regression', 'retrieval'];

const EVERY_CELL_ONLINE: RuleSupport = {
  cells: 'all',
  executions: 'all',
  pooling: ONLINE_POOLING,
  heads: ALL_HEADS,
};
const LRU_ONLY_ONLINE_FULL: RuleSupport = {
  ...EVERY_CELL_ONLINE,
  cells: {
    only: ['LRU'],
    needs: 'needs a diagonal recurrence (the LRU)',
    instead: "'snap1' (its diagonal approximation) or 'rtrl' (exact)",
  },
};

export const BUILT_IN_FACTS: readonly RuleFacts[] = [
  {
    name: 'bptt',
    hint: 'exact',
    description: 'exact backpropagation through time',
    supports: {
      cells: 'all',
      executions: {
        only: ['sequence'],
        needs: 'needs the whole sequence before it can form a gradient',
        instead: "'tbptt' to stream in chunks",
      },
      pooling: ALL_POOLING,
      heads: ALL_HEADS,
    },
    options: [],
    synthesiser: false,
    learner: false,
    memory: 'tape',
  },
  {
    name: 'tbptt',
    hint: 'chunks of k steps',
    description: 'BPTT within chunks of `truncation` steps, the carry detached between chunks',
    // In sequence execution the chunks see every step, so `pool` works; streaming refuses it.
    supports: { ...EVERY_CELL_ONLINE, pooling: ALL_POOLING },
    options: ['truncation'],
    synthesiser: false,
    learner: false,
    memory: 'chunk-tape',
  },
  {
    name: 'online_full',
    hint: 'LRU, in-layer RTRL',
    description: "exact in-layer RTRL for the LRU's diagonal recurrence, plus spatial errors",
    supports: LRU_ONLY_ONLINE_FULL,
    options: [],
    synthesiser: false,
    learner: true,
    memory: 'lru-traces',
  },
  {
    name: 'online_1truncated',
    hint: 'one-step',
    description: 'one-step sensitivities (the carry h_{t−1} detached)',
    supports: EVERY_CELL_ONLINE,
    options: [],
    synthesiser: false,
    learner: true,
    memory: 'states',
  },
  {
    name: 'online_spatial',
    hint: 'spatial only',
    description: 'spatial errors only: the recurrent weights get 0',
    supports: EVERY_CELL_ONLINE,
    options: [],
    synthesiser: false,
    learner: true,
    memory: 'states',
  },
  {
    name: 'snap1',
    hint: 'SnAp-1',
    description:
      'SnAp-1: traces through the diagonal of the recurrent Jacobian (online_full on the LRU)',
    supports: EVERY_CELL_ONLINE,
    options: [],
    synthesiser: false,
    learner: true,
    memory: 'diagonal-traces',
  },
  {
    name: 'rtrl',
    hint: 'exact, tiny models',
    description:
      'exact real-time recurrent learning with the full sensitivity matrix (small models)',
    supports: EVERY_CELL_ONLINE,
    options: ['maxSensitivityBytes'],
    synthesiser: false,
    learner: false,
    memory: 'sensitivities',
  },
  {
    name: 'bp_lambda',
    hint: 'BP(λ), synthetic gradients',
    description:
      'BP(λ): one-step sensitivities driven by ℓ_t + s·ĝ_t, a synthesiser learnt by TD(λ)',
    supports: EVERY_CELL_ONLINE,
    options: ['synthetic'],
    synthesiser: true,
    learner: true,
    memory: 'synthesiser',
  },
  {
    name: 'online_full_bp_lambda',
    hint: 'LRU, online_full + BP(λ)',
    description:
      'online_full within each layer plus a BP(λ) synthesiser for the credit it truncates',
    supports: {
      ...EVERY_CELL_ONLINE,
      cells: {
        only: ['LRU'],
        needs: 'is online_full plus BP(λ), so it needs the LRU',
        instead: "'bp_lambda'",
      },
    },
    options: ['synthetic'],
    synthesiser: true,
    learner: true,
    memory: 'lru-traces-synthesiser',
  },
  {
    name: 'dni',
    hint: 'tbptt + synthetic gradients (DNI)',
    description: 'tbptt plus synthetic gradients at the chunk boundaries (Jaderberg et al. 2017)',
    // tbptt's chunks: `pool` works in sequence execution.
    supports: { ...EVERY_CELL_ONLINE, pooling: ALL_POOLING },
    options: ['truncation', 'synthetic'],
    synthesiser: true,
    learner: false,
    memory: 'chunk-tape',
  },
];
