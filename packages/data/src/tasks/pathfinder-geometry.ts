/**
 * The drawing parameters of the Pathfinder generator per difficulty level and resolution. The
 * structure is Linsley et al.'s (2018, `snakes2.py`): contours of `contourSegments` short straight
 * segments ("paddles") separated by gaps, each turning from the last by at most
 * π / (2·continuity), with distractor snakes of a third of that length. The pixel sizes are olrd's
 * choice for 32×32 (the published 300×300 settings shrunk to 32 px would draw half-pixel
 * paddles); 64 and 128 scale every length by side / 32 and thicken the stroke a little.
 */

/** Pathfinder difficulty levels (the LRA folder names), easiest first. */
export const PATHFINDER_LEVELS = [
  'curv_baseline',
  'curv_contour_length_9',
  'curv_contour_length_14',
] as const;
/** A Pathfinder difficulty level. */
export type PathfinderLevel = (typeof PATHFINDER_LEVELS)[number];

/** The image sides the generator draws (Pathfinder 32, 64; Path-X 128). */
export const PATHFINDER_RESOLUTIONS = [32, 64, 128] as const;
/** An image side the generator draws. */
export type PathfinderResolution = (typeof PATHFINDER_RESOLUTIONS)[number];

/** Everything the generator needs to draw one level at one resolution; lengths in pixels. */
export interface PathfinderGeometry {
  /** Image side; T = side². */
  readonly side: number;
  /** Segments of each of the two target contours (6, 9, 14 for the three levels). */
  readonly contourSegments: number;
  /** Segments of each distractor snake: ⌊contourSegments / 3⌋, as in `snakes2_wrapper.py`. */
  readonly distractorSegments: number;
  /** Distractor snakes attempted: ⌊30 / distractorSegments⌋ (placement may leave some out). */
  readonly distractors: number;
  /** Length of one segment's centreline. */
  readonly segmentLength: number;
  /** Distance from one segment's end to the next segment's start (the dash gap). */
  readonly gap: number;
  /** Least centreline distance between segments that are not consecutive in one snake. */
  readonly clearance: number;
  /** Stroke width. */
  readonly thickness: number;
  /** Radius of the two circle markers. */
  readonly markerRadius: number;
  /** Least distance from a target contour's end to any segment of another snake. */
  readonly markerClearance: number;
  /** Distance between the first points of the two target contours. */
  readonly seedDistance: number;
  /** Turn weight cos²(min(continuity·δ, π/2)): the largest turn is π / (2·continuity). */
  readonly continuity: number;
  /** Every segment end point stays in `[padding, side − padding]`. */
  readonly padding: number;
}

const CONTOUR_SEGMENTS: Readonly<Record<PathfinderLevel, number>> = {
  curv_baseline: 6,
  curv_contour_length_9: 9,
  curv_contour_length_14: 14,
};
const THICKNESS: Readonly<Record<PathfinderResolution, number>> = { 32: 1, 64: 1.5, 128: 2 };

/**
 * The geometry of `level` at `side` × `side`.
 *
 * @throws RangeError for a side outside {@link PATHFINDER_RESOLUTIONS}.
 */
export function pathfinderGeometry(level: PathfinderLevel, side: number): PathfinderGeometry {
  if (!(PATHFINDER_RESOLUTIONS as readonly number[]).includes(side)) {
    throw new RangeError(
      `Pathfinder generator: side must be one of ${PATHFINDER_RESOLUTIONS.join(', ')}, got ${side}`,
    );
  }
  const scale = side / 32;
  const contourSegments = CONTOUR_SEGMENTS[level];
  const distractorSegments = Math.floor(contourSegments / 3);
  const markerRadius = 1.5 * scale;
  return {
    side,
    contourSegments,
    distractorSegments,
    distractors: Math.floor(30 / distractorSegments),
    segmentLength: 1.25 * scale,
    gap: 1 * scale,
    clearance: 2 * scale,
    thickness: THICKNESS[side as PathfinderResolution],
    markerRadius,
    markerClearance: 2 * markerRadius + 0.5 * scale,
    seedDistance: 4 * scale,
    continuity: 1.8,
    padding: 1.5 * scale,
  };
}
