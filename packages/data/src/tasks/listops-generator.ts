/**
 * A ListOps generator following the LRA grammar (google-research/long-range-arena
 * `listops.py`): a node is a digit 0–9 with probability 0.75 (always at `maxDepth`), else an
 * operator (MIN, MAX, MED, SM = sum mod 10) over 2…`maxArgs` sub-trees; the text form nests every
 * argument in parentheses, e.g. `( ( ( [MAX 2 ) 9 ) ] )`; trees are kept when their token count
 * (operators, digits and `]`) lies strictly between `minLength` and `maxLength`, without duplicates.
 * Differences from the script: seeded (mulberry32) instead of Python's global `random`, and a tree
 * is abandoned as soon as it reaches `maxLength` tokens (it would be rejected anyway; the script
 * builds it whole, which can take unbounded memory).
 */
import { mulberry32, type Prng } from '../prng.js';

/** A ListOps operator. */
export type ListOpsOperator = '[MIN' | '[MAX' | '[MED' | '[SM';
/** A ListOps tree: a digit or an operator applied to arguments. */
export type ListOpsTree =
  number | { readonly op: ListOpsOperator; readonly args: readonly ListOpsTree[] };

const OPERATORS: readonly ListOpsOperator[] = ['[MIN', '[MAX', '[MED', '[SM'];
const VALUE_PROBABILITY = 0.25;
/** Compact token codes: 0–9 the digits, 10–13 the operators, 14 the closing `]` (token `X`). */
export const LISTOPS_CODE_TOKENS: readonly string[] = [
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  ...OPERATORS,
  'X',
];
const CLOSE = 14;

/** Generator settings (LRA defaults in brackets). */
export interface ListOpsGeneratorOptions {
  /** [10] */
  readonly maxDepth: number;
  /** [10] */
  readonly maxArgs: number;
  /** Keep trees with more tokens than this [500]. */
  readonly minLength: number;
  /** Keep trees with fewer tokens than this [2000]. */
  readonly maxLength: number;
}

function apply(op: ListOpsOperator, values: readonly number[]): number {
  switch (op) {
    case '[MIN':
      return Math.min(...values);
    case '[MAX':
      return Math.max(...values);
    case '[SM':
      return values.reduce((a, b) => a + b, 0) % 10;
    case '[MED': {
      // int(np.median(values)): the mean of the middle two for an even count, floored.
      const sorted = [...values].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      return sorted.length % 2 === 1
        ? sorted[mid]!
        : Math.floor((sorted[mid - 1]! + sorted[mid]!) / 2);
    }
    default:
      return op satisfies never;
  }
}

/** Appends one tree's codes to `out`; returns its value, or −1 once `out` reaches `limit`. */
function emitTree(
  prng: Prng,
  depth: number,
  options: ListOpsGeneratorOptions,
  out: number[],
): number {
  const r = depth < options.maxDepth ? prng.nextFloat() : 1;
  if (r > VALUE_PROBABILITY) {
    const value = prng.nextInt(10);
    out.push(value);
    return value;
  }
  const count = 2 + prng.nextInt(options.maxArgs - 1);
  const slot = out.push(-1) - 1;
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    if (out.length >= options.maxLength) return -1;
    const value = emitTree(prng, depth + 1, options, out);
    if (value < 0) return -1;
    values.push(value);
  }
  out.push(CLOSE);
  const op = prng.nextInt(OPERATORS.length);
  out[slot] = 10 + op;
  return apply(OPERATORS[op]!, values);
}

function hashCodes(codes: readonly number[]): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (const code of codes) {
    a = Math.imul(a ^ code, 0x01000193) >>> 0;
    b = Math.imul(b ^ (code + 31), 0x5bd1e995) >>> 0;
  }
  return `${a.toString(36)}.${b.toString(36)}.${codes.length}`;
}

/**
 * Generates `count` distinct examples as token codes (see {@link LISTOPS_CODE_TOKENS}) and values.
 *
 * @throws RangeError when the options make acceptance impossible.
 */
export function generateListOpsCodes(
  count: number,
  seed: number,
  options: ListOpsGeneratorOptions,
): { codes: Uint8Array[]; targets: Int32Array } {
  if (options.minLength >= options.maxLength - 1 || options.maxArgs < 2 || options.maxDepth < 1) {
    throw new RangeError(
      'ListOps generator: need minLength < maxLength − 1, maxArgs ≥ 2 and maxDepth ≥ 1',
    );
  }
  const prng = mulberry32(seed);
  const seen = new Set<string>();
  const codes: Uint8Array[] = [];
  const targets = new Int32Array(count);
  const out: number[] = [];
  while (codes.length < count) {
    out.length = 0;
    const value = emitTree(prng, 1, options, out);
    if (value < 0 || out.length <= options.minLength || out.length >= options.maxLength) continue;
    const key = hashCodes(out);
    if (seen.has(key)) continue;
    seen.add(key);
    targets[codes.length] = value;
    codes.push(Uint8Array.from(out));
  }
  return { codes, targets };
}

/** Rebuilds the tree of a code sequence (prefix form: operator, arguments, `]`). */
export function listOpsTreeFromCodes(codes: ArrayLike<number>): ListOpsTree {
  let at = 0;
  const read = (): ListOpsTree => {
    const code = codes[at++]!;
    if (code < 10) return code;
    const args: ListOpsTree[] = [];
    while (codes[at] !== CLOSE) args.push(read());
    at++;
    return { op: OPERATORS[code - 10]!, args };
  };
  return read();
}

/** The LRA text form of a tree. */
export function listOpsSource(tree: ListOpsTree): string {
  if (typeof tree === 'number') return String(tree);
  let text: string = tree.op;
  for (const arg of tree.args) text = `( ${text} ${listOpsSource(arg)} )`;
  return `( ${text} ] )`;
}

/** The value of a tree (0–9). */
export function listOpsValue(tree: ListOpsTree): number {
  return typeof tree === 'number' ? tree : apply(tree.op, tree.args.map(listOpsValue));
}

/** Generates `count` distinct examples as LRA TSV rows would hold them (text and target). */
export function generateListOps(
  count: number,
  seed: number,
  options: ListOpsGeneratorOptions,
): Array<{ source: string; target: number }> {
  const { codes, targets } = generateListOpsCodes(count, seed, options);
  return codes.map((row, i) => ({
    source: listOpsSource(listOpsTreeFromCodes(row)),
    target: targets[i]!,
  }));
}
