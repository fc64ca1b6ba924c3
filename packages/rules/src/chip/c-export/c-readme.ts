/**
 * The README.md written beside the exported C library: what it computes, its API, how to build
 * it and how big it is.
 */
import type { ModelConfig } from '@olrd/core';
import type { ChipLearnerOptions } from '../chip-learner.js';
import { formatPrecision } from '../precision.js';

/** README.md of an export of `config` under `options`. */
export function cReadme(config: ModelConfig, options: ChipLearnerOptions): string {
  const { dInput, dModel, dHidden, nLayers, nClasses, multidim } = config;
  return `# olrd on-chip learner (generated)

An online learner for one model, exported by \`olrd export --target c\`: every step it predicts,
then learns (forward, online_full's diagonal RTRL traces, the instantaneous spatial error, the
gradient and a ${options.optimizer.name} update), in fixed point only. C99, no malloc, no float,
no libc beyond \`<stdint.h>\`; all memory is static arrays sized below.

- model: ${nLayers} LRU layer(s), d_input ${dInput}, d_model ${dModel}, d_hidden ${dHidden}, ${multidim} head(s) of ${nClasses} classes
- precision: \`${formatPrecision(options.precision)}\`
- optimiser: ${options.optimizer.name}, learning rate ${options.optimizer.learningRate}${options.optimizer.name === 'momentum' ? `, momentum ${options.optimizer.momentum ?? 0.9}` : ''}
- stochastic-rounding seed: ${options.seed ?? 0}

## API (olrd.h)

\`\`\`c
int olrd_step(const olrd_s_t input[OLRD_D_INPUT], const int32_t target[OLRD_HEADS]);
int32_t olrd_predict(const olrd_s_t input[OLRD_D_INPUT]);
void olrd_reset_state(void);
extern int32_t olrd_prediction[OLRD_HEADS];      /* the last step's classes */
extern const olrd_array_t olrd_arrays[];          /* every stored array, by name */
\`\`\`

Inputs are raw numbers of the state's format: \`input[i] = round(x[i] * (1 << OLRD_INPUT_FRAC_BITS))\`.
\`olrd_step\` returns how many heads it predicted right before learning. The library is not
re-entrant (one learner per program, as its arrays are static).

## Build

\`\`\`sh
cc -std=c99 -O2 -c olrd.c && size olrd.o   # text = flash (code + initial parameters), data + bss = RAM
\`\`\`

On a microcontroller add olrd.c and olrd.h to the project (e.g. \`arm-none-eabi-gcc -mcpu=cortex-m4 -Os\`).
Parameters start in \`.data\` (copied from flash to RAM at boot); they change as the learner learns, so
they must live in RAM. \`olrd chip budget\` gives the same sizes per quantity class before exporting.

It computes the same bits as olrd's TypeScript simulator (\`ChipLearner\`), step for step; olrd's
test suite checks this over 1,000 steps.
`;
}
