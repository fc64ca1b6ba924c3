/**
 * A small SVG of a prequential run: windowed accuracy against steps, with the rule switches of a
 * drifting stream as vertical lines. Dependency-free so the CLI stays light.
 */

/** One logged point. */
export interface PlotPoint {
  step: number;
  accuracy: number;
  regime: number;
}

/** Renders the points as a standalone SVG document. */
export function prequentialSvg(points: readonly PlotPoint[], title: string): string {
  const width = 720;
  const height = 300;
  const left = 50;
  const right = 15;
  const top = 30;
  const bottom = 40;
  const maxStep = Math.max(1, ...points.map((p) => p.step));
  const x = (step: number) => left + ((width - left - right) * step) / maxStep;
  const y = (accuracy: number) => top + (height - top - bottom) * (1 - accuracy);
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const switches = points.filter((p, i) => i > 0 && p.regime !== points[i - 1]!.regime);
  const path = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.step).toFixed(1)},${y(p.accuracy).toFixed(1)}`)
    .join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const stepTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * maxStep));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">
<rect width="${width}" height="${height}" fill="white"/>
<text x="${width / 2}" y="18" text-anchor="middle" font-size="13">${escape(title)}</text>
${ticks.map((t) => `<line x1="${left}" x2="${width - right}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/><text x="${left - 6}" y="${y(t) + 4}" text-anchor="end">${t.toFixed(2)}</text>`).join('\n')}
${switches.map((p) => `<line x1="${x(p.step)}" x2="${x(p.step)}" y1="${top}" y2="${height - bottom}" stroke="#c33" stroke-dasharray="4 3"/>`).join('\n')}
${stepTicks.map((s) => `<text x="${x(s)}" y="${height - bottom + 14}" text-anchor="middle">${s}</text>`).join('\n')}
<path d="${path}" fill="none" stroke="#1f5fbf" stroke-width="1.6"/>
<text x="${width / 2}" y="${height - 6}" text-anchor="middle">step (dashed: the hidden rule switches)</text>
<text x="14" y="${height / 2}" text-anchor="middle" transform="rotate(-90 14 ${height / 2})">prequential accuracy</text>
</svg>
`;
}
