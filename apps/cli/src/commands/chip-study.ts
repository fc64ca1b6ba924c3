/**
 * `olrd chip study`: the precision study of docs/on-chip.md. Runs the chip learner (online_full,
 * sgd) on each task of the grid for each precision and seed, one run at a time (a few minutes
 * per task on one core), and writes results.json (every run, and per task the fewest bits of
 * each class within one point of fp32) and precision.svg (accuracy against bits per class).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { copyStream, driftStream } from '@olrd/data';
import { parsePrecision } from '@olrd/rules';
import { initBackend } from '@olrd/tensor/node';
import { writeFileAtomic } from '@olrd/train/node';
import type { TopLevelSpec } from 'vega-lite';
import { UsageError } from '../cli-errors.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { createChipLearner, runChipStream } from './chip-stream.js';
import { STUDY_TASKS, studyPrecisions, type StudyPrecision } from './chip-study-grid.js';
import { renderSvg } from './render-svg.js';

/** One run's outcome. */
interface StudyRun extends StudyPrecision {
  task: string;
  seed: number;
  /** Prequential accuracy over the whole run. */
  accuracy: number;
  /** Prequential accuracy of the last quarter. */
  lateAccuracy: number;
  seconds: number;
}

/** `olrd chip study --help`. */
export function chipStudyHelp(): string {
  return `usage: olrd chip study [--out DIR] [--seeds 0,1] [--tasks drift,copy]

The precision study of docs/on-chip.md: online_full on the chip learner (1 layer, d_model 16,
d_hidden 16, sgd) for each preset and each quantity class lowered alone, on the drift and copy
streams. Writes DIR/results.json and DIR/precision.svg (default DIR docs/on-chip-study); a
restarted study skips the runs DIR/results.json already holds.
`;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Per task and class: the fewest bits whose mean accuracy is within 1 point of fp32's. */
function fewestBits(runs: StudyRun[]): Record<string, Record<string, number | null>> {
  const out: Record<string, Record<string, number | null>> = {};
  for (const { task } of STUDY_TASKS) {
    const of = (spec: string) =>
      mean(runs.filter((r) => r.task === task && r.spec === spec).map((r) => r.accuracy));
    const base = of('fp32');
    if (Number.isNaN(base)) continue;
    const byClass: Record<string, number | null> = {};
    const specs = new Set(runs.filter((r) => r.task === task).map((r) => r.spec));
    for (const precision of studyPrecisions()) {
      if (precision.group === 'preset' || !specs.has(precision.spec)) continue;
      const ok = of(precision.spec) >= base - 0.01;
      const best = byClass[precision.group];
      if (ok && (best === undefined || best === null || precision.bits < best))
        byClass[precision.group] = precision.bits;
      else if (best === undefined) byClass[precision.group] = null;
    }
    out[task] = byClass;
  }
  return out;
}

function settingLabel(precision: StudyPrecision): string {
  return precision.group === 'preset' ? `preset ${precision.spec}` : precision.spec;
}

function plotSpec(runs: StudyRun[]): TopLevelSpec {
  const rows = runs.map((r) => ({
    task: r.task,
    setting: settingLabel(r),
    group: r.group,
    accuracy: r.accuracy,
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'online_full on the chip learner: prequential accuracy by precision',
    data: { values: rows },
    facet: { column: { field: 'task', type: 'nominal' } },
    // Each task on its own accuracy axis: copy and drift sit at different levels.
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 260,
      height: 520,
      mark: { type: 'point', filled: true, size: 60 },
      encoding: {
        y: {
          field: 'setting',
          type: 'nominal',
          // The grid's order (presets, then class by class), not the order the runs finished in.
          sort: studyPrecisions().map(settingLabel),
          title: null,
          axis: { labelLimit: 320 },
        },
        x: {
          aggregate: 'mean',
          field: 'accuracy',
          type: 'quantitative',
          scale: { zero: false },
          title: 'prequential accuracy (mean over seeds)',
        },
        color: { field: 'group', type: 'nominal', title: 'lowered' },
      },
    },
  } as TopLevelSpec;
}

/** Runs `olrd chip study`; resolves to the exit code. */
export async function chipStudyCommand(args: readonly string[]): Promise<number> {
  const values = parseCommandArgs(
    args,
    {
      out: { type: 'string' },
      seeds: { type: 'string' },
      tasks: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    'olrd chip study',
  );
  if (values.help) {
    process.stdout.write(chipStudyHelp());
    return 0;
  }
  const out = typeof values.out === 'string' ? values.out : join('docs', 'on-chip-study');
  const seeds = (typeof values.seeds === 'string' ? values.seeds : '0,1').split(',').map(Number);
  if (!seeds.every((s) => Number.isInteger(s) && s >= 0))
    throw new UsageError(
      `--seeds must be comma-separated integers ≥ 0, got '${String(values.seeds)}'`,
    );
  const taskNames = (typeof values.tasks === 'string' ? values.tasks : 'drift,copy').split(',');
  const tasks = STUDY_TASKS.filter((t) => taskNames.includes(t.task));
  if (tasks.length !== taskNames.length)
    throw new UsageError(`--tasks must name drift and/or copy, got '${taskNames.join(',')}'`);
  // Only the parameter initialisation uses tfjs; the learner itself is plain JS.
  await initBackend('cpu');
  await mkdir(out, { recursive: true });
  // A restarted study keeps the runs it already has (same task, precision and seed).
  const runs: StudyRun[] = await readFile(join(out, 'results.json'), 'utf8').then(
    (text) => (JSON.parse(text) as { runs: StudyRun[] }).runs,
    () => [],
  );
  const grid = studyPrecisions();
  for (const task of tasks)
    for (const precision of grid)
      for (const seed of seeds) {
        if (runs.some((r) => r.task === task.task && r.spec === precision.spec && r.seed === seed))
          continue;
        const stream =
          task.task === 'copy'
            ? copyStream({ patternLength: 5, seed })
            : driftStream({ switchEvery: 3000, seed });
        const learner = createChipLearner(
          { nLayers: 1, dModel: 16, dHidden: 16 },
          stream,
          parsePrecision(precision.spec),
          { name: 'sgd', learningRate: task.learningRate },
          seed,
        );
        const start = performance.now();
        let lateCorrect = 0;
        let lateTotal = 0;
        const meter = runChipStream(learner, stream, task.steps, 500, (report) => {
          if (report.step > task.steps * 0.75) {
            lateCorrect += report.correct;
            lateTotal += report.total;
          }
        });
        const run: StudyRun = {
          ...precision,
          task: task.task,
          seed,
          accuracy: meter.overall.accuracy,
          lateAccuracy: lateTotal > 0 ? lateCorrect / lateTotal : Number.NaN,
          seconds: (performance.now() - start) / 1000,
        };
        runs.push(run);
        process.stderr.write(
          `${task.task} ${precision.spec} seed ${seed}: ${(100 * run.accuracy).toFixed(1)}% (last quarter ${(100 * run.lateAccuracy).toFixed(1)}%) in ${run.seconds.toFixed(0)} s\n`,
        );
        await writeFileAtomic(
          join(out, 'results.json'),
          `${JSON.stringify({ tasks, seeds, model: { nLayers: 1, dModel: 16, dHidden: 16 }, optimizer: 'sgd', runs, fewestBitsWithin1Point: fewestBits(runs) }, null, 2)}\n`,
        );
      }
  await writeFileAtomic(join(out, 'precision.svg'), await renderSvg(plotSpec(runs)));
  process.stdout.write(`${runs.length} runs; results in ${join(out, 'results.json')}\n`);
  return 0;
}
