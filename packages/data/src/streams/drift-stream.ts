/**
 * A drifting stream for online learning: random input bits arrive every step and the target is
 * one bit seen a few steps ago, y_t = x_{t−τ}[c]. The hidden rule (τ, c) switches among a few
 * regimes every `switchEvery` steps, so a learner must keep adapting; its prequential accuracy
 * drops at each switch and recovers. Solving it needs memory of the last τ inputs, i.e. the
 * recurrence. One endless sequence: the state is never reset.
 */
import { mulberry32 } from '../prng.js';
import type { Stream, StreamStep } from './stream-types.js';

/** Options of {@link driftStream}. */
export interface DriftStreamOptions {
  /** Input bits per step; default 4. */
  inputBits?: number;
  /** The regimes as [delay τ, bit c]; default [[2, 0], [5, 1], [3, 2]]. */
  regimes?: ReadonlyArray<readonly [number, number]>;
  /** Steps between switches; default 3000. */
  switchEvery?: number;
  batchSize?: number;
  seed?: number;
}

/** An endless drifting stream (binary classification, one head). */
export function driftStream(options: DriftStreamOptions = {}): Stream {
  const inputBits = options.inputBits ?? 4;
  const regimes = options.regimes ?? [
    [2, 0],
    [5, 1],
    [3, 2],
  ];
  const switchEvery = options.switchEvery ?? 3000;
  const batchSize = options.batchSize ?? 1;
  if (!Number.isInteger(inputBits) || inputBits < 1)
    throw new RangeError(`inputBits must be a positive integer, got ${inputBits}`);
  if (!Number.isInteger(switchEvery) || switchEvery < 1)
    throw new RangeError(`switchEvery must be a positive integer, got ${switchEvery}`);
  if (regimes.length === 0) throw new RangeError('regimes must not be empty');
  for (const [delay, bit] of regimes) {
    if (!(Number.isInteger(delay) && delay >= 1))
      throw new RangeError(`regime delay must be a positive integer, got ${delay}`);
    if (!(Number.isInteger(bit) && bit >= 0 && bit < inputBits))
      throw new RangeError(`regime bit must be in [0, ${inputBits}), got ${bit}`);
  }
  const maxDelay = Math.max(...regimes.map(([delay]) => delay));
  return {
    name: 'drift',
    inputDim: inputBits,
    nClasses: 2,
    multidim: 1,
    batchSize,
    description: `drifting delayed recall y_t = x_{t−τ}[c], (τ, c) cycling through ${regimes.map(([d, c]) => `(${d}, ${c})`).join(', ')} every ${switchEvery} steps`,
    *steps(): Generator<StreamStep> {
      const prng = mulberry32(options.seed ?? 0);
      // A ring of the last maxDelay+1 inputs per stream.
      const history = new Uint8Array((maxDelay + 1) * batchSize * inputBits);
      for (let t = 0; ; t++) {
        const regime = Math.floor(t / switchEvery) % regimes.length;
        const [delay, bit] = regimes[regime] as readonly [number, number];
        const slot = t % (maxDelay + 1);
        const past = (t - delay + (maxDelay + 1) * delay) % (maxDelay + 1);
        const x = new Float32Array(batchSize * inputBits);
        const y = new Int32Array(batchSize);
        const mask = new Float32Array(batchSize).fill(t >= delay ? 1 : 0);
        for (let b = 0; b < batchSize; b++) {
          for (let i = 0; i < inputBits; i++) {
            const value = prng.nextUint32() >>> 31;
            history[(slot * batchSize + b) * inputBits + i] = value;
            x[b * inputBits + i] = value;
          }
          y[b] = t >= delay ? (history[(past * batchSize + b) * inputBits + bit] as number) : 0;
        }
        yield { x, y, mask, endOfSequence: false, regime };
      }
    },
  };
}
