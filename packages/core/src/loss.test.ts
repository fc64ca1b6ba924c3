import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { countCorrect, maskedLoss, targetsPerStep } from './loss.js';
import { maskedMse } from './mse-loss.js';
import { stepLoss } from './model-step.js';

describe('maskedLoss (spec 1 §3.3)', () => {
  it('averages CE over valid steps per sequence, then over sequences, heads first', () => {
    // Two sequences, T = 3, two heads, two classes.
    const p = [
      [
        [
          [0.9, 0.1],
          [0.2, 0.8],
        ],
        [
          [0.5, 0.5],
          [0.5, 0.5],
        ],
        [
          [0.3, 0.7],
          [0.6, 0.4],
        ],
      ],
      [
        [
          [0.1, 0.9],
          [0.7, 0.3],
        ],
        [
          [0.4, 0.6],
          [0.4, 0.6],
        ],
        [
          [0.8, 0.2],
          [0.5, 0.5],
        ],
      ],
    ];
    const y = [
      [
        [0, 1],
        [1, 0],
        [1, 0],
      ],
      [
        [1, 0],
        [1, 1],
        [0, 0],
      ],
    ];
    const mask = [
      [1, 0, 1],
      [0, 1, 1],
    ];
    const ce = (b: number, t: number) =>
      -0.5 * (Math.log(p[b]![t]![0]![y[b]![t]![0]!]!) + Math.log(p[b]![t]![1]![y[b]![t]![1]!]!));
    const expected = 0.5 * ((ce(0, 0) + ce(0, 2)) / 2 + (ce(1, 1) + ce(1, 2)) / 2);
    const logProbs = tf.log(tf.tensor4d(p));
    const loss = maskedLoss(
      logProbs as tf.Tensor4D,
      tf.tensor3d(y, undefined, 'int32'),
      tf.tensor2d(mask),
    );
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 5);
    tf.dispose([logProbs, loss]);
  });

  it('repeats a sequence label over time and gives an empty mask no weight', () => {
    const logProbs = tf.log(
      tf.tensor4d([
        [[[0.25, 0.75]], [[0.5, 0.5]]],
        [[[0.1, 0.9]], [[0.2, 0.8]]],
      ]),
    );
    const loss = maskedLoss(
      logProbs as tf.Tensor4D,
      tf.tensor1d([1, 0], 'int32'),
      tf.tensor2d([
        [1, 1],
        [0, 0],
      ]),
    );
    expect(loss.dataSync()[0]).toBeCloseTo(0.5 * (-(Math.log(0.75) + Math.log(0.5)) / 2), 5);
    tf.dispose([logProbs, loss]);
  });
});

describe('maskedLoss with an mse readout', () => {
  // Predictions [B=2, T=3, multidim=2, 1] and per-step targets [2, 3, 2].
  const predictions = [
    [
      [0.5, -1],
      [2, 0],
      [1, 1],
    ],
    [
      [0, 0.25],
      [-0.5, 3],
      [1.5, -2],
    ],
  ];
  const targets = [
    [
      [0, 1],
      [1, 1],
      [0.5, 0],
    ],
    [
      [1, 0],
      [0, 2],
      [1, -1],
    ],
  ];
  const mask = [
    [1, 0, 1],
    [0, 1, 1],
  ];
  const se = (b: number, t: number) =>
    0.5 *
    ((predictions[b]![t]![0]! - targets[b]![t]![0]!) ** 2 +
      (predictions[b]![t]![1]! - targets[b]![t]![1]!) ** 2);

  it('weighs as the cross-entropy: mean over heads, valid steps, then sequences', () => {
    const expected = 0.5 * ((se(0, 0) + se(0, 2)) / 2 + (se(1, 1) + se(1, 2)) / 2);
    const p = tf.reshape(tf.tensor3d(predictions), [2, 3, 2, 1]) as tf.Tensor4D;
    const y = tf.tensor3d(targets);
    const m = tf.tensor2d(mask);
    const loss = maskedLoss(p, y, m, { loss: 'mse' });
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 5);
    const direct = maskedMse(p, y, m);
    expect(direct.dataSync()[0]).toBeCloseTo(expected, 5);
    tf.dispose([p, y, m, loss, direct]);
  });

  it('repeats a per-sequence target [B, multidim] over time and reads the last step when pooled', () => {
    const p = tf.reshape(tf.tensor3d(predictions), [2, 3, 2, 1]) as tf.Tensor4D;
    const sequenceTargets = tf.tensor2d([
      [0.5, 0],
      [1, -1],
    ]);
    const perStep = targetsPerStep(sequenceTargets, 2, 3, { multidim: 2, loss: 'mse' });
    expect(perStep.dtype).toBe('float32');
    expect(perStep.arraySync()[1]).toEqual([
      [1, -1],
      [1, -1],
      [1, -1],
    ]);
    // bp-toy: one target per sequence, the mask on the last step only.
    const lastOnly = tf.tensor2d([
      [0, 0, 1],
      [0, 0, 1],
    ]);
    const loss = maskedLoss(p, sequenceTargets, lastOnly, { loss: 'mse' });
    expect(loss.dataSync()[0]).toBeCloseTo(0.5 * (se(0, 2) + se(1, 2)), 5);
    // A pooled model (T = 1) against per-step targets: the last step's targets count.
    const pooled = tf.slice(p, [0, 2, 0, 0], [-1, 1, -1, -1]) as tf.Tensor4D;
    const pooledLoss = maskedLoss(pooled, tf.tensor3d(targets), tf.tensor2d(mask), {
      loss: 'mse',
    });
    expect(pooledLoss.dataSync()[0]).toBeCloseTo(0.5 * (se(0, 2) + se(1, 2)), 5);
    expect(() => targetsPerStep(tf.zeros([2, 3]), 2, 3, { multidim: 2, loss: 'mse' })).toThrow(
      /\[B, multidim\] or \[B, T, multidim\] with multidim = 2, got shape \[2, 3\]/,
    );
    tf.dispose([p, sequenceTargets, perStep, lastOnly, loss, pooled, pooledLoss]);
  });

  it('stepLoss gives the weighted squared error of one step', () => {
    const p = tf.tensor3d([
      [[1], [2]],
      [[0], [-1]],
    ]);
    const y = tf.tensor2d([
      [0, 0],
      [1, 1],
    ]);
    const weight = tf.tensor1d([0.25, 0.5]);
    const loss = stepLoss(p, y, weight, { loss: 'mse' });
    expect(loss.dataSync()[0]).toBeCloseTo(0.25 * 2.5 + 0.5 * 2.5, 6);
    tf.dispose([p, y, weight, loss]);
  });
});

describe('countCorrect', () => {
  it('counts one prediction per sequence in the last and pool modes (T = 1)', () => {
    // [B=3, T=1, multidim=1, C=2]: predicted classes 1, 0, 1 against labels 1, 1, 1.
    const logProbs = tf.log(tf.tensor4d([0.2, 0.8, 0.9, 0.1, 0.3, 0.7], [3, 1, 1, 2]));
    const result = countCorrect(
      logProbs,
      tf.tensor1d([1, 1, 1], 'int32'),
      tf.ones([3, 5]) as tf.Tensor2D,
    );
    expect(result).toEqual({ correct: 2, total: 3 });
  });

  it('counts every head at every masked step when there are several heads', () => {
    const logProbs = tf.log(
      tf.tensor4d([
        [
          [
            [0.9, 0.1],
            [0.2, 0.8],
          ],
          [
            [0.6, 0.4],
            [0.3, 0.7],
          ],
        ],
      ]),
    );
    const result = countCorrect(
      logProbs as tf.Tensor4D,
      tf.tensor3d(
        [
          [
            [0, 0],
            [0, 1],
          ],
        ],
        undefined,
        'int32',
      ),
      tf.tensor2d([[0, 1]]),
    );
    expect(result).toEqual({ correct: 2, total: 2 });
    logProbs.dispose();
  });

  it('uses the last valid step for one head (Accuracy (last))', () => {
    // Sequence 0 is valid up to t = 1 (prediction class 1), sequence 1 up to t = 2 (class 0).
    const logProbs = tf.log(
      tf.tensor4d([
        [[[0.9, 0.1]], [[0.2, 0.8]], [[0.9, 0.1]]],
        [[[0.1, 0.9]], [[0.2, 0.8]], [[0.7, 0.3]]],
      ]),
    );
    const result = countCorrect(
      logProbs as tf.Tensor4D,
      tf.tensor1d([1, 1], 'int32'),
      tf.tensor2d([
        [1, 1, 0],
        [1, 1, 1],
      ]),
    );
    expect(result).toEqual({ correct: 1, total: 2 });
    logProbs.dispose();
  });
});
