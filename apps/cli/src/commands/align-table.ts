/**
 * The readable table of `olrd align`: one block per rule, one row per scope (overall, each layer,
 * the layer mean, and with `verbose` each module), columns cosine, relative norm and norm.
 */
import type { AlignmentStats } from '@olrd/train';
import type { AlignmentReport, RuleAlignment } from './align-report.js';

/** 0.98765 → "0.9877"; NaN → "n/a". */
function fixed(value: number, digits: number): string {
  if (Number.isNaN(value)) return 'n/a';
  return Number.isFinite(value) ? value.toFixed(digits) : value > 0 ? 'inf' : '-inf';
}

/** Input to output: encoder, then each layer's norm, rec, glu, …, then decoder. */
function compareModules(a: string, b: string): number {
  const WITHIN = ['norm', 'rec', 'glu'];
  const key = (name: string): [number, number, string] => {
    if (name === 'encoder') return [-1, 0, name];
    const match = /^layers\.(\d+)\.(.+)$/.exec(name);
    if (!match) return [Infinity, 0, name];
    const within = WITHIN.indexOf(match[2]!);
    return [Number(match[1]), within === -1 ? WITHIN.length : within, name];
  };
  const [x, y] = [key(a), key(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2].localeCompare(y[2]);
}

function scopes(rule: RuleAlignment, verbose: boolean): Array<[string, AlignmentStats]> {
  const rows: Array<[string, AlignmentStats]> = [['overall', rule.overall]];
  rule.layers.forEach((stats, i) => rows.push([`layer ${i}`, stats]));
  if (rule.layers.length > 1) rows.push(['layer mean', rule.averageLayers]);
  if (verbose) {
    const modules = Object.entries(rule.modules).sort(([a], [b]) => compareModules(a, b));
    for (const [name, stats] of modules) rows.push([name, stats]);
  }
  return rows;
}

/** Renders the report; `verbose` adds a row per module. */
export function alignmentTable(report: AlignmentReport, verbose: boolean): string {
  const header = ['rule', 'scope', 'cosine', 'rel. norm', 'norm'];
  const rows: string[][] = [];
  for (const rule of report.rules) {
    scopes(rule, verbose).forEach(([scope, stats], i) =>
      rows.push([
        i === 0 ? rule.label : '',
        scope,
        fixed(stats.cosine, 4),
        fixed(stats.relativeNorm, 3),
        stats.norm.toExponential(3),
      ]),
    );
  }
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((r) => r[c]!.length)));
  // Names align left, numbers right, so decimal points line up.
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  const { reference } = report;
  return [
    `reference: bptt, loss ${fixed(reference.loss, 4)}, gradient norm ${reference.norm.toExponential(3)}`,
    line(header),
    ...rows.map(line),
    ...report.skipped.map((s) => `${s.label}: skipped (${s.reason})`),
  ]
    .map((text) => `${text}\n`)
    .join('');
}
