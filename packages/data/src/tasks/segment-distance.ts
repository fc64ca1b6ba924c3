/** Euclidean distances between points and line segments in the plane (the Pathfinder geometry). */

/** Distance from point (px, py) to the segment (ax, ay)–(bx, by). */
export function pointSegmentDistance(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const squared = dx * dx + dy * dy;
  let t = squared > 0 ? ((px - ax) * dx + (py - ay) * dy) / squared : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return Math.sqrt(ex * ex + ey * ey);
}

function cross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** Distance between the segments a = (a0, a1) and b = (b0, b1): 0 when they cross. */
export function segmentDistance(
  a0x: number,
  a0y: number,
  a1x: number,
  a1y: number,
  b0x: number,
  b0y: number,
  b1x: number,
  b1y: number,
): number {
  const d1 = cross(a0x, a0y, a1x, a1y, b0x, b0y);
  const d2 = cross(a0x, a0y, a1x, a1y, b1x, b1y);
  const d3 = cross(b0x, b0y, b1x, b1y, a0x, a0y);
  const d4 = cross(b0x, b0y, b1x, b1y, a1x, a1y);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    return 0;
  }
  return Math.min(
    pointSegmentDistance(a0x, a0y, b0x, b0y, b1x, b1y),
    pointSegmentDistance(a1x, a1y, b0x, b0y, b1x, b1y),
    pointSegmentDistance(b0x, b0y, a0x, a0y, a1x, a1y),
    pointSegmentDistance(b1x, b1y, a0x, a0y, a1x, a1y),
  );
}
