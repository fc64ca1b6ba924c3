/**
 * The charts' data in uPlot's layout: one shared x column (ascending) and one y column per
 * series, with null where a series has no point at that x (alignment is sampled every k steps,
 * ρ(A) every few, two learners may log different steps).
 */

/** `[x, y₁, y₂, …]`, every column as long as x (uPlot's `AlignedData`). */
export type Columns = [number[], ...(number | null)[][]];

/** The series, each a list of [x, y] points in ascending x, joined on their x values. */
export function joinSeries(series: readonly (readonly (readonly [number, number])[])[]): Columns {
  const xs = [...new Set(series.flatMap((points) => points.map(([x]) => x)))].sort((a, b) => a - b);
  const row = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((points) => {
    const column: (number | null)[] = new Array<number | null>(xs.length).fill(null);
    for (const [x, y] of points) column[row.get(x)!] = Number.isFinite(y) ? y : null;
    return column;
  });
  return [xs, ...ys];
}

/** `columns` with every y column mapped through `transform` (x kept). */
export function mapColumns(
  columns: Columns,
  transform: (column: (number | null)[]) => (number | null)[],
): Columns {
  const [xs, ...ys] = columns;
  return [xs, ...ys.map(transform)];
}
