// The tiny sweep the sweep tests run (local pool and queue): 2 rules × 2 seeds (not shipped).

/** A base config small enough to train in about a second per few epochs. */
export const tinySweepBase = (epochs: number) => `copy_pattern_length: 2
copy_train_samples: 16
copy_val_samples: 8
copy_test_samples: 8
n_layers: 1
d_model: 4
d_hidden: 3
bsz: 4
backend: cpu
log_every: 0
epochs: ${epochs}
`;

/** The sweep file: bptt and online_full, seeds 1 and 2. */
export const TINY_SWEEP = `name: tiny
method: grid
metric: { name: Val loss, goal: minimize }
parameters:
  training_mode: { values: [bptt, online_full] }
  jax_seed: { values: [1, 2] }
`;
