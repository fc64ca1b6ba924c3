import { describe, expect, it } from 'vitest';
import { tf } from '@olrd/tensor';
import { expectNoLeak } from '@olrd/tensor/testing';
import { defaultArchitecture, type LayerClass, type ModelConfig } from '../model-config.js';
import type { Params } from '../params.js';
import { uniformGenerator } from '../random.js';
import { cellOf } from './index.js';
import { cellStep } from './cell-step.js';

const H = 4;
const cases: {
  layerCls: LayerClass;
  units: number;
  rnnActivation?: ModelConfig['rnnActivation'];
}[] = [
  { layerCls: 'LRU', units: 3 },
  { layerCls: 'RNN', units: 3, rnnActivation: 'tanh' },
  { layerCls: 'RNN', units: 3, rnnActivation: 'linear' },
  { layerCls: 'GRU', units: H },
  { layerCls: 'LSTM', units: H },
];

function setup(c: (typeof cases)[number]) {
  const config: ModelConfig = {
    ...defaultArchitecture,
    dInput: 2,
    dModel: H,
    dHidden: c.units,
    nLayers: 1,
    nClasses: 2,
    multidim: 1,
    layerCls: c.layerCls,
    ...(c.rnnActivation === undefined ? {} : { rnnActivation: c.rnnActivation }),
  };
  const cell = cellOf(c.layerCls);
  const sizes = { width: H, units: c.units };
  const rec: Params = cell.init(uniformGenerator(7), sizes, config);
  const stateSize = cell.components * c.units;
  return { config, cell, sizes, rec, stateSize };
}

/** ∂s_t/∂s_{t−1} by autodiff, one output entry at a time: [B, S, S]. */
function autodiffJacobian(
  f: (prev: tf.Tensor) => tf.Tensor,
  prev: tf.Tensor2D,
  stateSize: number,
): number[][][] {
  const [batch] = prev.shape;
  const rows: number[][][] = Array.from({ length: batch }, () => []);
  for (let k = 0; k < stateSize; k++) {
    const grad = tf.tidy(() =>
      tf.grad((p: tf.Tensor) => tf.sum(tf.slice(f(p), [0, k], [-1, 1])))(prev),
    );
    const values = grad.arraySync() as number[][];
    grad.dispose();
    values.forEach((row, b) => rows[b]?.push(row));
  }
  return rows;
}

function expectClose(actual: number[], expected: number[], tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, i) =>
    expect(value).toBeCloseTo(expected[i] as number, -Math.log10(tolerance)),
  );
}

describe.each(cases)('cell $layerCls ($rnnActivation)', (c) => {
  it('has parameters of the shapes it declares', () => {
    const { cell, sizes, rec } = setup(c);
    const shapes = cell.paramShapes(sizes);
    expect(Object.keys(rec).sort()).toEqual(Object.keys(shapes).sort());
    for (const [name, shape] of Object.entries(shapes)) expect(rec[name]?.shape).toEqual(shape);
    tf.dispose(Object.values(rec));
  });

  it('gives the exact Jacobian and its diagonal blocks', () => {
    const { config, cell, rec, stateSize } = setup(c);
    const prev = tf.randomNormal([2, stateSize], 0, 0.7, 'float32', 3) as tf.Tensor2D;
    const u = tf.randomNormal([2, H], 0, 1, 'float32', 4) as tf.Tensor2D;
    const expected = autodiffJacobian((p) => cellStep(cell, rec, p, u, config), prev, stateSize);
    const jacobian = tf.tidy(() => cell.jacobian(rec, prev, u, config));
    const blocks = tf.tidy(() => cell.jacobianBlocks(rec, prev, u, config));
    expect(jacobian.shape).toEqual([2, stateSize, stateSize]);
    expectClose(Array.from(jacobian.dataSync()), expected.flat(2));
    const k = cell.components;
    const units = stateSize / k;
    const blockValues = blocks.arraySync() as number[][][][];
    for (let b = 0; b < 2; b++)
      for (let i = 0; i < units; i++)
        for (let a = 0; a < k; a++)
          for (let d = 0; d < k; d++)
            expect(blockValues[b]?.[i]?.[a]?.[d]).toBeCloseTo(
              expected[b]?.[a * units + i]?.[d * units + i] as number,
              5,
            );
    tf.dispose([jacobian, blocks, prev, u, ...Object.values(rec)]);
  });

  it('declares blockDiagonal exactly when the Jacobian has nothing off its blocks', () => {
    const { config, cell, rec, stateSize } = setup(c);
    const prev = tf.randomNormal([2, stateSize], 0, 0.7, 'float32', 3) as tf.Tensor2D;
    const u = tf.randomNormal([2, H], 0, 1, 'float32', 4) as tf.Tensor2D;
    const units = stateSize / cell.components;
    const full = tf.tidy(() => cell.jacobian(rec, prev, u, config));
    const jacobian = full.arraySync() as number[][][];
    let offBlock = 0;
    for (const rows of jacobian)
      rows.forEach((row, p) =>
        row.forEach((value, m) => {
          if (p % units !== m % units) offBlock = Math.max(offBlock, Math.abs(value));
        }),
      );
    if (cell.blockDiagonal === true) expect(offBlock).toBe(0);
    else expect(offBlock).toBeGreaterThan(1e-3);
    tf.dispose([full, prev, u, ...Object.values(rec)]);
  });

  it('feeds each recurrent parameter element into the one unit spreadUnits names', () => {
    const { config, cell, sizes, rec, stateSize } = setup(c);
    const prev = tf.randomNormal([1, stateSize], 0, 0.7, 'float32', 5) as tf.Tensor2D;
    const u = tf.randomNormal([1, H], 0, 1, 'float32', 6) as tf.Tensor2D;
    const units = stateSize / cell.components;
    for (const name of cell.recurrentParams) {
      for (let i = 0; i < units; i++) {
        // A cotangent on every component of unit i only: the gradient must vanish off unit i.
        const grad = tf.tidy(() => {
          const mask = tf.tile(tf.cast(tf.oneHot([i], units), 'float32'), [1, cell.components]);
          const f = (w: tf.Tensor): tf.Scalar =>
            tf.sum(tf.mul(cellStep(cell, { ...rec, [name]: w }, prev, u, config), mask));
          const g = tf.grad(f)(rec[name] as tf.Tensor);
          const onUnit = cell.spreadUnits(
            name,
            tf.cast(tf.oneHot([i], units), 'float32') as tf.Tensor2D,
            sizes,
          );
          return tf.sum(tf.abs(tf.mul(g, tf.sub(1, tf.squeeze(onUnit, [0])))));
        });
        expect(grad.dataSync()[0]).toBeLessThan(1e-6);
        grad.dispose();
      }
    }
    tf.dispose([prev, u, ...Object.values(rec)]);
  });

  it('scans exactly like its steps, and resumes from an initial state', async () => {
    const { config, cell, rec, stateSize } = setup(c);
    const u = tf.randomNormal([2, 6, H], 0, 1, 'float32', 8) as tf.Tensor3D;
    await expectNoLeak(() => {
      tf.tidy(() => {
        const states = cell.scan(rec, u, config);
        let state: tf.Tensor = tf.zeros([2, stateSize]);
        const stepped: tf.Tensor[] = [];
        for (const ut of tf.unstack(u, 1)) {
          state = cellStep(cell, rec, state, ut, config);
          stepped.push(state);
        }
        expectClose(Array.from(states.dataSync()), Array.from(tf.stack(stepped, 1).dataSync()));
        const head = cell.scan(rec, tf.slice(u, [0, 0, 0], [-1, 2, -1]), config);
        const initial = tf.reshape(tf.slice(head, [0, 1, 0], [-1, 1, -1]), [2, stateSize]);
        const tail = cell.scan(
          rec,
          tf.slice(u, [0, 2, 0], [-1, 4, -1]),
          config,
          initial as tf.Tensor2D,
        );
        expectClose(
          Array.from(tail.dataSync()),
          Array.from(tf.slice(states, [0, 2, 0], [-1, 4, -1]).dataSync()),
        );
      });
    });
    tf.dispose([u, ...Object.values(rec)]);
  });
});
