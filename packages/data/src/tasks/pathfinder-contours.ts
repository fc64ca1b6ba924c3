/**
 * One Pathfinder scene as geometry (Linsley et al. 2018, "Learning long-range spatial dependencies
 * with horizontal gated recurrent units"; `snakes2.py`): two target contours whose first points
 * lie `seedDistance` apart, then distractor snakes wherever they fit. A contour grows one segment
 * at a time; each turns from the last by δ drawn with weight cos²(continuity·δ) on
 * |δ| < π / (2·continuity), and is kept only if it stays `clearance` away from every segment but
 * its predecessor and `markerClearance` away from the target contours' ends. Markers: both ends of
 * one target contour (label 1) or the first point of one and the last point of the other (label 0).
 * Where the script masks rasters, this works on centrelines, so the geometry is exact and fast.
 */
import type { Prng } from '../prng.js';
import type { PathfinderGeometry } from './pathfinder-geometry.js';
import { pointSegmentDistance, segmentDistance } from './segment-distance.js';

/** A sampled scene, in pixel units: pixel (row i, column j) covers [j, j + 1) × [i, i + 1). */
export interface PathfinderScene {
  /** 1 when both markers sit on one contour. */
  readonly label: 0 | 1;
  readonly segmentCount: number;
  /** Segment centrelines `[segmentCount, 4]`: x0, y0, x1, y1. */
  readonly segments: Float64Array;
  /** The snake of each segment: 0 and 1 the target contours, 2… the distractors. */
  readonly snakes: Int32Array;
  /** The two marker centres: x0, y0, x1, y1. */
  readonly markers: Float64Array;
  /** The snake each marker ends (equal exactly when the label is 1). */
  readonly markerSnakes: readonly [number, number];
}

const DISTRACTOR_TRIES = 5;
const SECOND_CONTOUR_TRIES = 4;
const SCENE_TRIES = 10000;

/** Candidate turns per step: stratified over (−π / (2·continuity), π / (2·continuity)). */
const TURN_CANDIDATES = 16;

/**
 * Samples one scene from `prng`.
 *
 * @throws Error when no pair of target contours fits after many tries (impossible geometries).
 */
export function samplePathfinderScene(geometry: PathfinderGeometry, prng: Prng): PathfinderScene {
  const { side, padding, clearance, markerClearance, segmentLength: length, gap } = geometry;
  const capacity =
    2 * geometry.contourSegments + geometry.distractors * geometry.distractorSegments;
  const segments = new Float64Array(capacity * 4);
  const snakes = new Int32Array(capacity);
  // Ends of the target contours: x, y, snake (origin then terminal, per target).
  const tips: number[] = [];
  let count = 0;
  const weights = new Float64Array(TURN_CANDIDATES);
  const turns = new Float64Array(TURN_CANDIDATES);

  const inside = (x: number, y: number) =>
    x >= padding && x <= side - padding && y >= padding && y <= side - padding;

  const fits = (
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    snake: number,
    previous: number,
  ) => {
    if (!inside(x0, y0) || !inside(x1, y1)) return false;
    const minX = Math.min(x0, x1) - clearance;
    const maxX = Math.max(x0, x1) + clearance;
    const minY = Math.min(y0, y1) - clearance;
    const maxY = Math.max(y0, y1) + clearance;
    for (let j = 0; j < count; j++) {
      if (j === previous) continue;
      const s = 4 * j;
      const ax = segments[s]!;
      const ay = segments[s + 1]!;
      const bx = segments[s + 2]!;
      const by = segments[s + 3]!;
      // Bounding boxes grown by the clearance rule most pairs out cheaply.
      if (Math.max(ax, bx) < minX || Math.min(ax, bx) > maxX) continue;
      if (Math.max(ay, by) < minY || Math.min(ay, by) > maxY) continue;
      if (segmentDistance(x0, y0, x1, y1, ax, ay, bx, by) < clearance) return false;
    }
    for (let t = 0; t < tips.length; t += 3) {
      if (tips[t + 2] === snake) continue;
      if (pointSegmentDistance(tips[t]!, tips[t + 1]!, x0, y0, x1, y1) < markerClearance) {
        return false;
      }
    }
    return true;
  };

  // A target contour's end must keep the marker room from every other snake.
  const tipFits = (x: number, y: number, snake: number) => {
    for (let j = 0; j < count; j++) {
      if (snakes[j] === snake) continue;
      const s = 4 * j;
      const d = pointSegmentDistance(
        x,
        y,
        segments[s]!,
        segments[s + 1]!,
        segments[s + 2]!,
        segments[s + 3]!,
      );
      if (d < markerClearance) return false;
    }
    return true;
  };

  const push = (x0: number, y0: number, x1: number, y1: number, snake: number) => {
    const s = 4 * count;
    segments[s] = x0;
    segments[s + 1] = y0;
    segments[s + 2] = x1;
    segments[s + 3] = y1;
    snakes[count++] = snake;
  };

  /** Grows snake `snake` of `n` segments from (x, y) heading `theta`; undoes itself on failure. */
  const grow = (x: number, y: number, theta: number, n: number, snake: number, target: boolean) => {
    const start = count;
    let [ex, ey] = [x + length * Math.cos(theta), y + length * Math.sin(theta)];
    if (!fits(x, y, ex, ey, snake, -1) || (target && !tipFits(x, y, snake))) return false;
    push(x, y, ex, ey, snake);
    const limit = Math.PI / (2 * geometry.continuity);
    for (let k = 1; k < n; k++) {
      // As the script's get_coords_cmf: draw among the free directions with weight
      // cos²(continuity·δ); a drawn direction that is not free is struck out and the draw repeated
      // (the same distribution, but most steps test one candidate instead of all).
      const offset = prng.nextFloat();
      let total = 0;
      for (let c = 0; c < TURN_CANDIDATES; c++) {
        const turn = ((2 * (c + offset)) / TURN_CANDIDATES - 1) * limit;
        turns[c] = turn;
        weights[c] = Math.cos(geometry.continuity * turn) ** 2;
        total += weights[c]!;
      }
      let placed = false;
      while (!placed && total > 0) {
        let pick = 0;
        for (let u = prng.nextFloat() * total; pick < TURN_CANDIDATES - 1; pick++) {
          u -= weights[pick]!;
          if (u < 0 && weights[pick]! > 0) break;
        }
        const turn = turns[pick]!;
        const heading = theta + turn;
        const sx = ex + gap * Math.cos(theta + turn / 2);
        const sy = ey + gap * Math.sin(theta + turn / 2);
        const nx = sx + length * Math.cos(heading);
        const ny = sy + length * Math.sin(heading);
        if (
          fits(sx, sy, nx, ny, snake, count - 1) &&
          (!target || k < n - 1 || tipFits(nx, ny, snake))
        ) {
          push(sx, sy, nx, ny, snake);
          [ex, ey, theta, placed] = [nx, ny, heading, true];
        } else {
          // Summed again, not decremented: rounding must not leave weight on struck-out slots.
          weights[pick] = 0;
          total = 0;
          for (let c = 0; c < TURN_CANDIDATES; c++) total += weights[c]!;
        }
      }
      if (!placed) {
        count = start;
        return false;
      }
    }
    if (target) tips.push(x, y, snake, ex, ey, snake);
    return true;
  };

  const label = prng.nextInt(2) as 0 | 1;
  const uniform = (from: number, to: number) => from + (to - from) * prng.nextFloat();
  const angle = () => 2 * Math.PI * prng.nextFloat();
  const seedRoom = 2 * geometry.seedDistance;
  let placedTargets = false;
  for (let attempt = 0; attempt < SCENE_TRIES && !placedTargets; attempt++) {
    count = 0;
    tips.length = 0;
    const [ax, ay] = [uniform(seedRoom, side - seedRoom), uniform(seedRoom, side - seedRoom)];
    if (!grow(ax, ay, angle(), geometry.contourSegments, 0, true)) continue;
    // A second contour that does not fit is redrawn a few times before the first is.
    for (let retry = 0; retry < SECOND_CONTOUR_TRIES && !placedTargets; retry++) {
      const direction = angle();
      const bx = ax + geometry.seedDistance * Math.cos(direction);
      const by = ay + geometry.seedDistance * Math.sin(direction);
      placedTargets = grow(bx, by, angle(), geometry.contourSegments, 1, true);
    }
  }
  if (!placedTargets) {
    throw new Error(`Pathfinder generator: no two target contours fit in ${SCENE_TRIES} tries`);
  }
  for (let i = 0; i < geometry.distractors; i++) {
    for (let attempt = 0; attempt < DISTRACTOR_TRIES; attempt++) {
      const [x, y] = [uniform(padding, side - padding), uniform(padding, side - padding)];
      if (grow(x, y, angle(), geometry.distractorSegments, 2 + i, false)) break;
    }
  }
  // tips: [origin 0, terminal 0, origin 1, terminal 1], three numbers each.
  const origin = prng.nextInt(2);
  const other = label === 1 ? origin : 1 - origin;
  const [o, t] = [6 * origin, 6 * other + 3];
  return {
    label,
    segmentCount: count,
    segments: segments.slice(0, 4 * count),
    snakes: snakes.slice(0, count),
    markers: Float64Array.of(tips[o]!, tips[o + 1]!, tips[t]!, tips[t + 1]!),
    markerSnakes: [origin, other],
  };
}
