import { describe, expect, it } from 'vitest';
import { joinSeries, mapColumns } from './chart-data.js';

describe('joinSeries', () => {
  it('joins series on their x values, null where one has no point', () => {
    expect(
      joinSeries([
        [
          [1, 0.5],
          [3, 0.25],
        ],
        [
          [2, 9],
          [3, 8],
        ],
      ]),
    ).toEqual([
      [1, 2, 3],
      [0.5, null, 0.25],
      [null, 9, 8],
    ]);
  });

  it('gives empty columns for no points, and null for a non-finite value', () => {
    expect(joinSeries([[], []])).toEqual([[], [], []]);
    expect(joinSeries([[[5, Number.NaN]]])).toEqual([[5], [null]]);
  });

  it('maps the y columns only', () => {
    expect(
      mapColumns(
        [
          [1, 2],
          [0.5, null],
        ],
        (c) => c.map((v) => (v === null ? null : 2 * v)),
      ),
    ).toEqual([
      [1, 2],
      [1, null],
    ]);
  });
});
