/**
 * The generated Pathfinder split: each sample is drawn when a batch asks for its row, from a PRNG
 * seeded by (seed, level, side, row), so a split of 200,000 Path-X images costs its row indices
 * and every pass sees the same pixels. Values are exactly the file loader's: the 8-bit image
 * mapped through byte·(2/255) − 1, i.e. (x/255 − 0.5)/0.5.
 */
import { generatedSplit } from '../generated-split.js';
import { deriveSeed, mulberry32, type Prng } from '../prng.js';
import type { GeneratedSplit } from '../split-types.js';
import { samplePathfinderScene, type PathfinderScene } from './pathfinder-contours.js';
import { pathfinderGeometry, type PathfinderLevel } from './pathfinder-geometry.js';
import { renderPathfinderScene } from './pathfinder-render.js';

/** The byte → input map of the LRA loader (float32 scale 2/255, offset −1). */
const BYTE_VALUES = Float32Array.from({ length: 256 }, (_, b) => b * Math.fround(2 / 255) - 1);

/** What identifies a generated Pathfinder sample. */
export interface PathfinderSampleKey {
  readonly level: PathfinderLevel;
  /** Image side: 32, 64 or 128. */
  readonly side: number;
  readonly seed: number;
}

/** The PRNG that draws sample `row`. */
export function pathfinderRowPrng(key: PathfinderSampleKey, row: number): Prng {
  return mulberry32(deriveSeed(key.seed, 'pathfinder', key.level, key.side, row));
}

/**
 * Sample `row`'s scene and its 8-bit image `[side, side]`.
 *
 * @throws RangeError for an unsupported side.
 */
export function generatePathfinderSample(
  key: PathfinderSampleKey,
  row: number,
): { scene: PathfinderScene; pixels: Uint8Array } {
  const geometry = pathfinderGeometry(key.level, key.side);
  const scene = samplePathfinderScene(geometry, pathfinderRowPrng(key, row));
  const pixels = new Uint8Array(key.side * key.side);
  renderPathfinderScene(scene, geometry, pixels);
  return { scene, pixels };
}

/**
 * `size` generated samples as a lazy split: x `[side², 1]` in [−1, 1], a sequence label
 * (1 = connected), every step valid.
 *
 * @throws RangeError for an unsupported side.
 */
export function pathfinderGeneratedSplit(key: PathfinderSampleKey, size: number): GeneratedSplit {
  const geometry = pathfinderGeometry(key.level, key.side);
  const steps = key.side * key.side;
  const pixels = new Uint8Array(steps);
  return generatedSplit({
    size,
    xShape: [steps, 1],
    yShape: [],
    validRange: [0, steps],
    writeRow: (row, { x, y }) => {
      const scene = samplePathfinderScene(geometry, pathfinderRowPrng(key, row));
      pixels.fill(0);
      renderPathfinderScene(scene, geometry, pixels);
      for (let p = 0; p < steps; p++) x[p] = BYTE_VALUES[pixels[p]!]!;
      y[0] = scene.label;
    },
  });
}
