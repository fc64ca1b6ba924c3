import { encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { gatherBatch } from '../batches.js';
import { writeGeneratedRows } from '../generated-split.js';
import { loadDataset } from '../registry.js';
import { createMemoryDataStore } from '../store/memory-data-store.js';
import type { PathfinderScene } from './pathfinder-contours.js';
import { generatePathfinderSample, pathfinderGeneratedSplit } from './pathfinder-generated.js';
import { pathfinderGeometry, type PathfinderGeometry } from './pathfinder-geometry.js';
import { pointSegmentDistance, segmentDistance } from './segment-distance.js';

const rows = (n: number, from = 0) => Int32Array.from({ length: n }, (_, i) => from + i);

/**
 * Whether the first marker's blob reaches the second, by a flood fill over a 128×128 raster (¼-px
 * cells at 32×32) of the scene in which every stroke is widened just enough to close the dash gaps (radius gap/2 +
 * 0.1 px) but not the clearance between snakes, plus the marker discs. True: the markers connect.
 */
function markersConnect(scene: PathfinderScene, geometry: PathfinderGeometry): boolean {
  const factor = 128 / geometry.side;
  const n = geometry.side * factor;
  const bridge = geometry.gap / 2 + 0.1;
  const mask = new Uint8Array(n * n);
  const paint = (ax: number, ay: number, bx: number, by: number, radius: number) => {
    const cells = (from: number, to: number) => [
      Math.max(0, Math.floor((Math.min(from, to) - radius) * factor)),
      Math.min(n - 1, Math.ceil((Math.max(from, to) + radius) * factor)),
    ];
    const [i0, i1] = cells(ay, by);
    const [j0, j1] = cells(ax, bx);
    for (let i = i0!; i <= i1!; i++) {
      for (let j = j0!; j <= j1!; j++) {
        const d = pointSegmentDistance((j + 0.5) / factor, (i + 0.5) / factor, ax, ay, bx, by);
        if (d <= radius) mask[i * n + j] = 1;
      }
    }
  };
  for (let m = 0; m < 4; m += 2) {
    const [x, y] = [scene.markers[m]!, scene.markers[m + 1]!];
    paint(x, y, x, y, geometry.markerRadius);
  }
  for (let s = 0; s < 4 * scene.segmentCount; s += 4) {
    const [ax, ay, bx, by] = scene.segments.subarray(s, s + 4);
    paint(ax!, ay!, bx!, by!, bridge);
  }
  const cell = (m: number) =>
    Math.floor(scene.markers[m + 1]! * factor) * n + Math.floor(scene.markers[m]! * factor);
  const seen = new Uint8Array(n * n);
  const stack = [cell(0)];
  seen[cell(0)] = 1;
  while (stack.length > 0) {
    const at = stack.pop()!;
    const [i, j] = [Math.floor(at / n), at % n];
    for (const [di, dj] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ] as const) {
      const [ni, nj] = [i + di, j + dj];
      if (ni < 0 || nj < 0 || ni >= n || nj >= n) continue;
      const next = ni * n + nj;
      if (mask[next] && !seen[next]) {
        seen[next] = 1;
        stack.push(next);
      }
    }
  }
  return seen[cell(2)] === 1;
}

describe('the Pathfinder generator', () => {
  it('is a pure function of (seed, level, side, row): same seed same pixels, other seed others', () => {
    const key = { level: 'curv_contour_length_9', side: 32, seed: 5 } as const;
    const a = writeGeneratedRows(pathfinderGeneratedSplit(key, 50), rows(8));
    const b = writeGeneratedRows(pathfinderGeneratedSplit(key, 1000), rows(8));
    expect(b.x).toEqual(a.x);
    expect(b.y).toEqual(a.y);
    // Rows are drawn on their own: row 7 alone equals row 7 of a batch.
    expect(writeGeneratedRows(pathfinderGeneratedSplit(key, 50), Int32Array.of(7)).x).toEqual(
      a.x.subarray(7 * 1024),
    );
    const other = writeGeneratedRows(pathfinderGeneratedSplit({ ...key, seed: 6 }, 50), rows(8));
    for (let r = 0; r < 8; r++) {
      expect(other.x.subarray(r * 1024, (r + 1) * 1024)).not.toEqual(
        a.x.subarray(r * 1024, (r + 1) * 1024),
      );
    }
    // Consecutive rows differ too.
    expect(a.x.subarray(0, 1024)).not.toEqual(a.x.subarray(1024, 2048));
  });

  it('writes [side², 1] rows of the loader values (b/255 − 0.5)/0.5 with a black background', () => {
    for (const side of [32, 64, 128]) {
      const split = pathfinderGeneratedSplit({ level: 'curv_baseline', side, seed: 1 }, 20);
      expect(split.xShape).toEqual([side * side, 1]);
      expect([...split.validSteps.subarray(0, 2)]).toEqual([0, side * side]);
      const { x, y } = writeGeneratedRows(split, rows(4));
      expect(x.length).toBe(4 * side * side);
      let background = 0;
      for (const value of x) {
        // An 8-bit grey level b as (b/255 − 0.5)/0.5.
        const byte = (value + 1) * 127.5;
        expect(Math.abs(byte - Math.round(byte))).toBeLessThan(1e-3);
        expect(value).toBeGreaterThanOrEqual(-1);
        expect(value).toBeLessThanOrEqual(1 + 1e-6);
        if (value === -1) background++;
      }
      expect(Math.max(...x)).toBeCloseTo(1, 5);
      // Sparse white contours on black, as the LRA images.
      expect(background / x.length).toBeGreaterThan(0.6);
      expect(background / x.length).toBeLessThan(0.97);
      for (const label of y) expect([0, 1]).toContain(label);
    }
  });

  it('balances the labels (binomial 400 draws: |ones − 200| < 45, about 4.5 sd)', () => {
    const split = pathfinderGeneratedSplit({ level: 'curv_baseline', side: 32, seed: 3 }, 400);
    const { y } = writeGeneratedRows(split, rows(400));
    const ones = y.reduce((sum, label) => sum + label, 0);
    expect(Math.abs(ones - 200)).toBeLessThan(45);
  });

  it('connects the markers exactly when the label is 1 (flood fill over the rendered geometry)', () => {
    for (const [level, side, count] of [
      ['curv_baseline', 32, 60],
      ['curv_contour_length_14', 32, 60],
      ['curv_contour_length_9', 64, 20],
      ['curv_contour_length_14', 128, 6],
    ] as const) {
      const geometry = pathfinderGeometry(level, side);
      const labels = [0, 0];
      for (let row = 0; row < count; row++) {
        const { scene } = generatePathfinderSample({ level, side, seed: 11 }, row);
        labels[scene.label]!++;
        expect(markersConnect(scene, geometry)).toBe(scene.label === 1);
        expect(scene.markerSnakes[0] === scene.markerSnakes[1]).toBe(scene.label === 1);
        // Both target contours are whole; distractors have their fixed length.
        const lengths = new Map<number, number>();
        for (const snake of scene.snakes) lengths.set(snake, (lengths.get(snake) ?? 0) + 1);
        expect(lengths.get(0)).toBe(geometry.contourSegments);
        expect(lengths.get(1)).toBe(geometry.contourSegments);
        for (const [snake, length] of lengths) {
          if (snake >= 2) expect(length).toBe(geometry.distractorSegments);
        }
      }
      expect(Math.min(...labels)).toBeGreaterThan(0);
    }
  });

  it('has the checker fail on a label-1 scene whose second marker is moved to the other contour', () => {
    const level = 'curv_baseline';
    const geometry = pathfinderGeometry(level, 32);
    let row = 0;
    let scene = generatePathfinderSample({ level, side: 32, seed: 2 }, row).scene;
    while (scene.label !== 1)
      scene = generatePathfinderSample({ level, side: 32, seed: 2 }, ++row).scene;
    expect(markersConnect(scene, geometry)).toBe(true);
    // The last point of the other target contour.
    const other = 1 - scene.markerSnakes[0];
    let last = -1;
    scene.snakes.forEach((snake, i) => snake === other && (last = i));
    const moved = Float64Array.from(scene.markers);
    moved.set(scene.segments.subarray(4 * last + 2, 4 * last + 4), 2);
    expect(markersConnect({ ...scene, markers: moved }, geometry)).toBe(false);
  });

  it('draws markers and strokes where the geometry says (the image agrees with the scene)', () => {
    const geometry = pathfinderGeometry('curv_contour_length_9', 32);
    for (let row = 0; row < 20; row++) {
      const { scene, pixels } = generatePathfinderSample(
        { level: 'curv_contour_length_9', side: 32, seed: 4 },
        row,
      );
      for (let m = 0; m < 4; m += 2) {
        const [x, y] = [Math.floor(scene.markers[m]!), Math.floor(scene.markers[m + 1]!)];
        expect(pixels[y * 32 + x]).toBeGreaterThan(200);
      }
      // Every lit pixel lies within reach of a stroke or a marker.
      pixels.forEach((value, p) => {
        if (value === 0) return;
        const [x, y] = [(p % 32) + 0.5, Math.floor(p / 32) + 0.5];
        let near = Infinity;
        for (let s = 0; s < 4 * scene.segmentCount; s += 4) {
          const [ax, ay, bx, by] = scene.segments.subarray(s, s + 4);
          near = Math.min(
            near,
            pointSegmentDistance(x, y, ax!, ay!, bx!, by!) - geometry.thickness / 2,
          );
        }
        for (let m = 0; m < 4; m += 2) {
          near = Math.min(
            near,
            Math.hypot(x - scene.markers[m]!, y - scene.markers[m + 1]!) - geometry.markerRadius,
          );
        }
        expect(near).toBeLessThan(0.5);
      });
    }
  });

  it('keeps the clearances it promises between snakes', () => {
    const geometry = pathfinderGeometry('curv_contour_length_14', 32);
    // What the flood fill relies on: strokes widened to close the gaps stay apart across snakes.
    for (const side of [32, 64, 128]) {
      const { gap, clearance, markerClearance, markerRadius } = pathfinderGeometry(
        'curv_baseline',
        side,
      );
      expect(clearance).toBeGreaterThan(gap + 0.2);
      expect(markerClearance).toBeGreaterThan(2 * markerRadius);
    }
    const prngScene = (row: number) =>
      generatePathfinderSample({ level: 'curv_contour_length_14', side: 32, seed: 9 }, row).scene;
    for (let row = 0; row < 30; row++) {
      const scene = prngScene(row);
      for (let m = 0; m < 4; m += 2) {
        for (let s = 0; s < scene.segmentCount; s++) {
          if (scene.snakes[s] === scene.markerSnakes[m / 2]) continue;
          const [ax, ay, bx, by] = scene.segments.subarray(4 * s, 4 * s + 4);
          const d = pointSegmentDistance(
            scene.markers[m]!,
            scene.markers[m + 1]!,
            ax!,
            ay!,
            bx!,
            by!,
          );
          expect(d).toBeGreaterThanOrEqual(geometry.markerClearance - 1e-9);
        }
      }
      // Segments of different snakes keep the clearance (same-snake neighbours are one gap apart).
      for (let a = 0; a < scene.segmentCount; a++) {
        for (let b = a + 1; b < scene.segmentCount; b++) {
          const [p, q] = [scene.segments.subarray(4 * a), scene.segments.subarray(4 * b)];
          const d = segmentDistance(p[0]!, p[1]!, p[2]!, p[3]!, q[0]!, q[1]!, q[2]!, q[3]!);
          if (scene.snakes[a] !== scene.snakes[b] || b > a + 1) {
            expect(d).toBeGreaterThanOrEqual(geometry.clearance - 1e-9);
          } else {
            expect(Math.hypot(q[0]! - p[2]!, q[1]! - p[3]!)).toBeCloseTo(geometry.gap, 9);
          }
        }
      }
    }
  });
});

describe('the generated Pathfinder and Path-X datasets', () => {
  it('have the file loader’s shapes and 80/10/10 split, without a data store', async () => {
    const data = await loadDataset('pathfinder', {
      source: 'generator',
      level: 'curv_baseline',
      samples: 100,
    });
    expect([data.seqLength, data.inputDim, data.nClasses]).toEqual([1024, 1, 2]);
    expect([data.train.size, data.val.size, data.test.size]).toEqual([80, 10, 10]);
    expect(data.view).toEqual({ kind: 'image', height: 32, width: 32, channels: 1 });
    expect(data.options).toMatchObject({ source: 'generator', resolution: 32, seed: 0 });
    const pathx = await loadDataset('pathx', {
      source: 'generator',
      samples: 20,
      maxTrainSamples: 4,
    });
    expect([pathx.seqLength, pathx.train.size, pathx.val.size]).toEqual([16384, 4, 2]);
    const batch = gatherBatch(pathx.train as never, rows(2));
    expect(batch.x.length).toBe(2 * 16384);
    const mid = await loadDataset('pathfinder', {
      source: 'generator',
      resolution: 64,
      samples: 10,
    });
    expect(mid.seqLength).toBe(4096);
  });

  it('equal what the file loader reads from the same images written as LRA PNGs', async () => {
    const key = { level: 'curv_contour_length_14', side: 32, seed: 0 } as const;
    const count = 20;
    const files: Record<string, Uint8Array> = {};
    const base = 'lra/pathfinder32/curv_contour_length_14';
    const lines: string[] = [];
    for (let i = 0; i < count; i++) {
      const { scene, pixels } = generatePathfinderSample(key, i);
      files[`${base}/imgs/0/sample_${i}.png`] = encodePng({
        width: 32,
        height: 32,
        data: pixels,
        depth: 8,
        channels: 1,
      });
      lines.push(`imgs/0 sample_${i}.png ${i} ${scene.label} 1.8 14 4 5 2 3 1`);
    }
    files[`${base}/metadata/0.npy`] = new TextEncoder().encode(`${lines.join('\n')}\n`);
    const fromFiles = await loadDataset('pathfinder', { store: createMemoryDataStore(files) });
    const generated = await loadDataset('pathfinder', { source: 'generator', samples: count });
    for (const split of ['train', 'val', 'test'] as const) {
      const size = fromFiles[split].size;
      expect(generated[split].size).toBe(size);
      const a = gatherBatch(fromFiles[split] as never, rows(size));
      const b = gatherBatch(generated[split] as never, rows(size));
      expect(b.x).toEqual(a.x);
      expect(b.y).toEqual(a.y);
      expect(b.mask).toEqual(a.mask);
    }
  });

  it('reject a resolution the files do not have, and unknown resolutions', async () => {
    await expect(
      loadDataset('pathfinder', { resolution: 64, store: createMemoryDataStore({}) }),
    ).rejects.toThrow(/resolution 64 needs source 'generator'/);
    await expect(loadDataset('pathx', { source: 'generator', resolution: 48 })).rejects.toThrow(
      /'resolution' must be one of 32, 64, 128/,
    );
  });
});
