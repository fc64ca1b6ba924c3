/**
 * Vega-Lite → Vega → SVG, headless: Vega's `none` renderer builds the scene graph and writes SVG
 * text without a canvas or a browser (text widths are estimated), so no native module is needed.
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
