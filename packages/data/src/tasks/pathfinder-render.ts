/**
 * Draws a {@link PathfinderScene} as an anti-aliased 8-bit grey image, white on black like the
 * LRA PNGs: a pixel's value is its approximate coverage clamp(r + ½ − d, 0, 1) by the nearest
 * stroke (d = distance from the pixel centre to a segment, r = half the stroke width) or marker
 * disc (r = marker radius), combined with max as `snakes2.py` does, then scaled to 0–255.
 */
import type { PathfinderScene } from './pathfinder-contours.js';
import type { PathfinderGeometry } from './pathfinder-geometry.js';
import { pointSegmentDistance } from './segment-distance.js';

function drawCoverage(
  out: Uint8Array,
  side: number,
  radius: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): void {
  const reach = radius + 0.5;
  const fromX = Math.max(0, Math.floor(Math.min(x0, x1) - reach));
  const toX = Math.min(side - 1, Math.ceil(Math.max(x0, x1) + reach));
  const fromY = Math.max(0, Math.floor(Math.min(y0, y1) - reach));
  const toY = Math.min(side - 1, Math.ceil(Math.max(y0, y1) + reach));
  for (let i = fromY; i <= toY; i++) {
    for (let j = fromX; j <= toX; j++) {
      const coverage = reach - pointSegmentDistance(j + 0.5, i + 0.5, x0, y0, x1, y1);
      if (coverage <= 0) continue;
      const value = Math.round(255 * Math.min(1, coverage));
      if (value > out[i * side + j]!) out[i * side + j] = value;
    }
  }
}

/**
 * Renders `scene` into `out` (`[side, side]` row-major bytes), which the caller zero-fills.
 *
 * @param withMarkers - false draws the contours alone (the statistics in docs/datasets.md)
 */
export function renderPathfinderScene(
  scene: PathfinderScene,
  geometry: PathfinderGeometry,
  out: Uint8Array,
  withMarkers = true,
): void {
  const { side } = geometry;
  const { segments } = scene;
  for (let s = 0; s < 4 * scene.segmentCount; s += 4) {
    drawCoverage(
      out,
      side,
      geometry.thickness / 2,
      segments[s]!,
      segments[s + 1]!,
      segments[s + 2]!,
      segments[s + 3]!,
    );
  }
  if (!withMarkers) return;
  for (let m = 0; m < 4; m += 2) {
    const [x, y] = [scene.markers[m]!, scene.markers[m + 1]!];
    drawCoverage(out, side, geometry.markerRadius, x, y, x, y);
  }
}
