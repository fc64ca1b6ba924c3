/**
 * Vega-Lite → Vega → SVG, headless: Vega's `none` renderer builds the scene graph and writes SVG
 * text without a canvas or a browser (text widths are estimated). PNG is the SVG rasterised by
 * resvg (`@resvg/resvg-js`, a prebuilt binary from npm), loaded only when PNG is asked for.
 */
import { View, parse } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Renders a Vega-Lite spec (with inline data) as a standalone SVG document. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Rasterises an SVG document as PNG bytes at `scale`× its size, with the system's fonts.
 *
 * @throws Error naming the package when the resvg binary cannot be loaded on this platform.
 */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  let Resvg: typeof import('@resvg/resvg-js').Resvg;
  try {
    ({ Resvg } = await import('@resvg/resvg-js'));
  } catch (error) {
    throw new Error(
      `PNG output needs @resvg/resvg-js, whose prebuilt binary did not load here (${(error as Error).message}); use --format svg`,
    );
  }
  const rendered = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  }).render();
  return new Uint8Array(rendered.asPng());
}
