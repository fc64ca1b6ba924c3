/**
 * Whole-process memory of `olrd train --execution streaming` against T (issue 15, item 7): the
 * copy task at pattern lengths P (T = 2P + 8) with a small LRU, each run a child process whose
 * peak resident set size it reports itself (`process.resourceUsage().maxRSS` at exit, through a
 * `--import` hook), so the figure covers training, evaluation, data and the runtime together.
 *
 * A process's peak RSS also rises with its run time (the allocator's and the garbage collector's
 * high-water marks), so next to "one step at each T" the section runs the short T for as many
 * steps as there are time steps in the long one (equal work): the pair that isolates T.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The model and batch of every run (the configuration). */
export const EVAL_MEMORY_MODEL = {
  task: 'copy',
  layerCls: 'LRU',
  nLayers: 1,
  dModel: 32,
  dHidden: 16,
  bsz: 2,
  rule: 'online_full',
  execution: 'streaming',
  backend: 'wasm',
} as const;

/** One child run. */
export interface EvalMemoryCase {
  patternLength: number;
  /** Val and test sequences each; undefined = the CLI defaults (500 and 1,000). */
  evalSamples?: number;
  maxSteps: number;
}

/** What one child run measured. */
export interface EvalMemoryResult extends EvalMemoryCase {
  seqLength: number;
  /** Peak resident set size of the child, bytes. */
  maxRssBytes: number;
  seconds: number;
  /** 1-minute load average before and after the run (other work on the machine). */
  load: [number, number];
}

const RSS_MARKER = 'olrd-bench-max-rss-kib';
// Prints the child's own peak RSS on exit, whatever way the CLI exits.
const RSS_HOOK = `data:text/javascript,import{writeSync}from"node:fs";process.on("exit",()=>writeSync(2,"\\n${RSS_MARKER} "+process.resourceUsage().maxRSS+"\\n"));`;

/** The cases of a run: one step at each T, equal work, then the default val/test sizes. */
export function evalMemoryCases(quick: boolean): EvalMemoryCase[] {
  const [short, long] = quick ? [100, 1600] : [500, 8000];
  // Equal work: the short T runs (2·long + 8) / (2·short + 8) steps ≈ 16 (≈ 15 when quick).
  const equalSteps = Math.round((2 * long + 8) / (2 * short + 8));
  const cases: EvalMemoryCase[] = [
    { patternLength: short, evalSamples: 2, maxSteps: 1 },
    { patternLength: long, evalSamples: 2, maxSteps: 1 },
    { patternLength: short, evalSamples: 2, maxSteps: equalSteps },
  ];
  if (!quick)
    cases.push({ patternLength: short, maxSteps: 1 }, { patternLength: long, maxSteps: 1 });
  return cases;
}

function cliArgs(run: EvalMemoryCase, out: string): string[] {
  const m = EVAL_MEMORY_MODEL;
  return [
    'train',
    ...['--task', m.task, '--copy-pattern-length', String(run.patternLength)],
    // Two training sequences per step, one epoch: max-steps decides the work.
    ...['--copy-train-samples', String(2 * run.maxSteps), '--epochs', '1'],
    ...['--max-steps', String(run.maxSteps)],
    ...(run.evalSamples === undefined
      ? []
      : [
          '--copy-val-samples',
          String(run.evalSamples),
          '--copy-test-samples',
          String(run.evalSamples),
        ]),
    ...['--layer-cls', m.layerCls, '--n-layers', String(m.nLayers)],
    ...['--d-model', String(m.dModel), '--d-hidden', String(m.dHidden), '--bsz', String(m.bsz)],
    ...['--rule', m.rule, '--execution', m.execution, '--backend', m.backend, '--out', out],
  ];
}

/** Runs one case as a child process of `olrd` and reads back its peak RSS. */
async function runCase(cli: string, run: EvalMemoryCase): Promise<EvalMemoryResult> {
  const folder = mkdtempSync(join(tmpdir(), 'olrd-eval-memory-'));
  const started = performance.now();
  const loadBefore = loadavg()[0]!;
  try {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>(
      (done, fail) => {
        const child = spawn(
          process.execPath,
          ['--import', RSS_HOOK, cli, ...cliArgs(run, join(folder, 'run'))],
          { stdio: ['ignore', 'ignore', 'pipe'] },
        );
        let tail = '';
        child.stderr.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-8000)));
        child.on('error', fail);
        child.on('close', (exitCode) => done({ code: exitCode, stderr: tail }));
      },
    );
    const match = new RegExp(`${RSS_MARKER} (\\d+)`).exec(stderr);
    if (code !== 0 || match === null)
      throw new Error(
        `eval-memory: olrd ${cliArgs(run, 'RUN').join(' ')} exited with ${code}:\n${stderr}`,
      );
    return {
      ...run,
      seqLength: 2 * run.patternLength + 8,
      maxRssBytes: Number(match[1]) * 1024,
      seconds: (performance.now() - started) / 1000,
      load: [loadBefore, loadavg()[0]!],
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Why the section cannot run here (the CLI is not built), or undefined when it can. */
export function evalMemorySkipReason(repoRoot: string): string | undefined {
  const cli = resolve(repoRoot, 'apps/cli/dist/olrd.js');
  return existsSync(cli)
    ? undefined
    : `it runs the CLI, which is not built (${cli}): run 'pnpm --filter @olrd/cli build' first`;
}

/**
 * Runs every case of {@link evalMemoryCases} one after the other.
 *
 * @throws Error when the CLI is not built ({@link evalMemorySkipReason}) or a run fails.
 */
export async function measureEvalMemory(
  repoRoot: string,
  quick: boolean,
  log: (line: string) => void,
): Promise<EvalMemoryResult[]> {
  const cli = resolve(repoRoot, 'apps/cli/dist/olrd.js');
  const skip = evalMemorySkipReason(repoRoot);
  if (skip !== undefined) throw new Error(`eval-memory: ${skip}`);
  const results: EvalMemoryResult[] = [];
  for (const run of evalMemoryCases(quick)) {
    const evalText = run.evalSamples === undefined ? 'default' : String(run.evalSamples);
    log(`eval-memory: P = ${run.patternLength}, val/test ${evalText}, ${run.maxSteps} step(s) …`);
    const result = await runCase(cli, run);
    log(
      `  ${(result.maxRssBytes / 2 ** 20).toFixed(0)} MiB peak RSS (${result.seconds.toFixed(0)} s)`,
    );
    results.push(result);
  }
  return results;
}

/** Peak RSS of the long T over the short T: one step each, equal work, default val/test. */
export interface EvalMemoryRatios {
  oneStep: number;
  equalWork: number;
  /** NaN when the default val/test sizes were not run (`--quick`). */
  defaultEval: number;
}

/** The ratios of a run of {@link evalMemoryCases}(`quick`). */
export function evalMemoryRatios(
  results: readonly EvalMemoryResult[],
  quick: boolean,
): EvalMemoryRatios {
  const [shortStep, longStep, shortEqual, shortDefault, longDefault] = evalMemoryCases(quick);
  const peak = (c: EvalMemoryCase | undefined) =>
    results.find(
      (r) =>
        c !== undefined &&
        r.patternLength === c.patternLength &&
        r.evalSamples === c.evalSamples &&
        r.maxSteps === c.maxSteps,
    )?.maxRssBytes ?? Number.NaN;
  return {
    oneStep: peak(longStep) / peak(shortStep),
    equalWork: peak(longStep) / peak(shortEqual),
    defaultEval: peak(longDefault) / peak(shortDefault),
  };
}
