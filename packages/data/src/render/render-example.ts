/**
 * One example as text for people (`olrd data inspect`): ASCII art for images (a 10-level ramp,
 * wide images shrunk to at most 64 columns), the decoded text for token tasks (both documents for
 * pairs), and a step-by-step grid for generated tasks.
 */
import { gatherBatch } from '../batches.js';
import type { DatasetSplit } from '../split-types.js';
import type { Dataset } from '../types.js';

const RAMP = ' .:-=+*#%@';
const MAX_COLUMNS = 64;
const MAX_TEXT = 1200;

/** Raster brightness in [0, 1] of example `row`, `[height·width]`. */
function imageBrightness(
  split: DatasetSplit,
  row: number,
  view: Extract<Dataset['view'], { kind: 'image' }>,
): Float32Array {
  const [T, d] = split.xShape;
  // A generated split (generated Pathfinder) writes the row it is asked for.
  const slice =
    split.encoding === 'uint8' || split.encoding === 'dense'
      ? split.x.subarray(row * T * d, (row + 1) * T * d)
      : split.encoding === 'generated'
        ? gatherBatch(split, Int32Array.of(row)).x
        : undefined;
  if (!slice) throw new RangeError('image views need dense, uint8 or generated splits');
  const raster = new Float32Array(view.height * view.width * view.channels);
  slice.forEach((value, i) => {
    const slot = Math.floor(i / view.channels);
    const pixel = view.order ? view.order[slot]! : slot;
    raster[pixel * view.channels + (i % view.channels)] = value;
  });
  let low = Infinity;
  let high = -Infinity;
  for (const v of raster) [low, high] = [Math.min(low, v), Math.max(high, v)];
  if (split.encoding === 'uint8') [low, high] = [0, 255];
  const brightness = new Float32Array(view.height * view.width);
  for (let p = 0; p < brightness.length; p++) {
    let sum = 0;
    for (let c = 0; c < view.channels; c++) sum += raster[p * view.channels + c]!;
    brightness[p] = high > low ? (sum / view.channels - low) / (high - low) : 0;
  }
  return brightness;
}

function renderImage(dataset: Dataset, split: DatasetSplit, row: number): string {
  const view = dataset.view as Extract<Dataset['view'], { kind: 'image' }>;
  const brightness = imageBrightness(split, row, view);
  const step = Math.max(1, Math.ceil(view.width / MAX_COLUMNS));
  const lines: string[] = [];
  for (let y = 0; y < view.height; y += step) {
    let line = '';
    for (let x = 0; x < view.width; x += step) {
      const value = brightness[y * view.width + x]!;
      // Two characters per pixel keep the aspect ratio of a terminal cell.
      const char = RAMP[Math.min(RAMP.length - 1, Math.floor(value * RAMP.length))]!;
      line += char + char;
    }
    lines.push(line.trimEnd());
  }
  return lines.join('\n');
}

function decodeTokens(
  ids: ArrayLike<number>,
  from: number,
  to: number,
  vocabulary: readonly string[],
  separator: string,
): string {
  const parts: string[] = [];
  for (let i = from; i < to; i++) parts.push(vocabulary[ids[i]!] ?? `<${ids[i]}>`);
  const text = parts.join(separator);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${to - from} tokens)` : text;
}

function renderText(dataset: Dataset, split: DatasetSplit, row: number): string {
  const view = dataset.view as Extract<Dataset['view'], { kind: 'text' }>;
  if (split.encoding === 'token-pairs') {
    const L = split.documentLength;
    const base = row * 2 * L;
    const [first, second] = [split.lengths[2 * row]!, split.lengths[2 * row + 1]!];
    return [
      `document 1 (${first} tokens): ${decodeTokens(split.x, base, base + first, view.vocabulary, view.separator)}`,
      `document 2 (${second} tokens): ${decodeTokens(split.x, base + L, base + L + second, view.vocabulary, view.separator)}`,
    ].join('\n');
  }
  if (split.encoding !== 'tokens') throw new RangeError('text views need token splits');
  const T = split.xShape[0];
  const end = split.validSteps[2 * row + 1]!;
  return decodeTokens(split.x, row * T, row * T + end, view.vocabulary, view.separator);
}

function renderGrid(split: DatasetSplit, row: number): string {
  const batch = gatherBatch(split, Int32Array.of(row));
  if (batch.encoding !== 'dense') throw new RangeError('grid views need dense splits');
  const [, T, d] = batch.xShape;
  const yRow = batch.yShape.slice(1).reduce((a, b) => a * b, 1);
  const yPerStep = batch.yShape.length === 3 ? batch.yShape[2]! : 0;
  const lines = [
    'step  input' +
      ' '.repeat(Math.max(0, 2 * d - 5)) +
      (yPerStep ? ' | target (masked steps)' : ''),
  ];
  for (let t = 0; t < T; t++) {
    const input = Array.from(batch.x.subarray(t * d, (t + 1) * d), (v) =>
      v === 0 ? '.' : v === 1 ? '1' : v.toFixed(1),
    ).join(' ');
    const target =
      yPerStep && batch.mask[t]
        ? ` | ${Array.from(batch.y.subarray(t * yPerStep, (t + 1) * yPerStep)).join(' ')}`
        : '';
    lines.push(`${String(t).padStart(4)}  ${input}${target}`);
  }
  if (batch.targets)
    lines.push(
      `target at step ${T - 1}: (${Array.from(batch.targets, (v) => v.toFixed(3)).join(', ')})`,
    );
  else if (!yPerStep && yRow === 1) lines.push(`label: ${batch.y[0]}`);
  return lines.join('\n');
}

/**
 * A human rendering of example `row` of `split`.
 *
 * @throws RangeError when `row` is out of range or the view does not fit the split's encoding.
 */
export function renderExample(dataset: Dataset, split: DatasetSplit, row: number): string {
  if (!Number.isInteger(row) || row < 0 || row >= split.size) {
    throw new RangeError(`example ${row} is outside the split (size ${split.size})`);
  }
  switch (dataset.view.kind) {
    case 'image':
      return renderImage(dataset, split, row);
    case 'text':
      return renderText(dataset, split, row);
    case 'grid':
      return renderGrid(split, row);
    default:
      return dataset.view satisfies never;
  }
}
