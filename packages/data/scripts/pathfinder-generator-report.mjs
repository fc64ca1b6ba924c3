// The generated Pathfinder's speed and statistics, and example PNGs for docs/datasets.md.
// Run after `pnpm --filter @olrd/data build`:
//   node packages/data/scripts/pathfinder-generator-report.mjs [--images docs/img]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'fast-png';
import {
  PATHFINDER_LEVELS,
  generatePathfinderSample,
  pathfinderGeneratedSplit,
  pathfinderGeometry,
  writeGeneratedRows,
} from '../dist/index.js';

const imagesAt = process.argv.indexOf('--images');
const imageFolder = imagesAt > 0 ? process.argv[imagesAt + 1] : undefined;
const rows = (n, from = 0) => Int32Array.from({ length: n }, (_, i) => from + i);

console.log(
  'level | side | samples/s (tensors) | lit px % | fg mean | fg std | contour px | distractors',
);
for (const level of PATHFINDER_LEVELS) {
  for (const side of [32, 64, 128]) {
    const key = { level, side, seed: 0 };
    const split = pathfinderGeneratedSplit(key, 100000);
    writeGeneratedRows(split, rows(100, 50000)); // warm-up
    const n = side === 128 ? 500 : 2000;
    const start = performance.now();
    writeGeneratedRows(split, rows(n));
    const perSecond = (n / (performance.now() - start)) * 1000;
    // Statistics over 300 samples: lit pixels, their grey level in [0, 1], the contour length.
    const geometry = pathfinderGeometry(level, side);
    let lit = 0;
    let sum = 0;
    let squares = 0;
    let distractors = 0;
    for (let row = 0; row < 300; row++) {
      const { scene, pixels } = generatePathfinderSample(key, row);
      for (const byte of pixels) {
        if (byte === 0) continue;
        lit++;
        sum += byte / 255;
        squares += (byte / 255) ** 2;
      }
      distractors += new Set(scene.snakes).size - 2;
    }
    const mean = sum / lit;
    const contour =
      geometry.contourSegments * geometry.segmentLength +
      (geometry.contourSegments - 1) * geometry.gap;
    console.log(
      [
        level,
        side,
        perSecond.toFixed(0),
        ((100 * lit) / (300 * side * side)).toFixed(1),
        mean.toFixed(3),
        Math.sqrt(squares / lit - mean * mean).toFixed(3),
        `${contour.toFixed(1)} (${((100 * contour) / side).toFixed(0)}% of the side)`,
        (distractors / 300).toFixed(1),
      ].join(' | '),
    );
  }
}

if (imageFolder) {
  // Two samples of each label per (side, level), upscaled to 128 px with nearest neighbours.
  for (const side of [32, 128]) {
    for (const level of ['curv_baseline', 'curv_contour_length_14']) {
      const picked = { 0: [], 1: [] };
      for (let row = 0; picked[0].length < 2 || picked[1].length < 2; row++) {
        const sample = generatePathfinderSample({ level, side, seed: 0 }, row);
        if (picked[sample.scene.label].length < 2) picked[sample.scene.label].push(sample.pixels);
      }
      const tiles = [...picked[1], ...picked[0]];
      const scale = 128 / side;
      const gap = 4;
      const width = tiles.length * 128 + (tiles.length - 1) * gap;
      const data = new Uint8Array(width * 128).fill(128);
      tiles.forEach((pixels, t) => {
        for (let y = 0; y < 128; y++) {
          for (let x = 0; x < 128; x++) {
            data[y * width + t * (128 + gap) + x] =
              pixels[Math.floor(y / scale) * side + Math.floor(x / scale)];
          }
        }
      });
      const file = join(imageFolder, `pathfinder-generated-${side}-${level}.png`);
      writeFileSync(file, encode({ width, height: 128, data, depth: 8, channels: 1 }));
      console.log(`wrote ${file} (left two: connected, right two: not connected)`);
    }
  }
}
