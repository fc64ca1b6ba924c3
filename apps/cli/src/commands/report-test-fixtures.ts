// Fabricated sweep folders for the report tests (not shipped): sweep.json, and per job
// config.json, summary.json and metrics.jsonl in the formats `olrd sweep` and `olrd train`
// write them (sweep-folder.ts, run-summary.ts, the epoch and alignment records of the train loop).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunSummary, SweepMetricName, TrainConfig } from '@olrd/train';
import type { SweepRecord } from './sweep-record.js';

/** One epoch of a fabricated job: val loss/accuracy and, optionally, cosines with BPTT. */
export interface FakeEpoch {
  valLoss: number;
  valAccuracy: number;
  /** Overall cosine, one per layer, and the last layer's recurrence (`layers.{L-1}.rec`). */
  alignment?: { overall: number; layers: number[]; lastRec: number };
  /** BP(λ)'s learning-signal cosines of one logged batch, per layer and step. */
  signal?: Array<Array<number | null>>;
}

/** A fabricated job; without `summary` fields it has not finished. */
export interface FakeJob {
  id: string;
  values: Partial<TrainConfig>;
  /** Best-epoch val loss, val accuracy, test accuracy; absent = not run yet. */
  result?: { valLoss: number; valAccuracy?: number; testAccuracy: number; stoppedBy?: string };
  epochs?: FakeEpoch[];
}

const split = (loss: number, accuracy: number) => ({ loss, accuracy, sequences: 200 });

const cosine = (value: number) => ({
  cosine: value,
  relativeNorm: 1,
  norm: 1,
  referenceNorm: 1,
});

function alignmentOf(epoch: FakeEpoch) {
  const a = epoch.alignment!;
  const mean = a.layers.reduce((s, v) => s + v, 0) / a.layers.length;
  const last = a.layers.length - 1;
  return {
    overall: cosine(a.overall),
    averageLayers: cosine(mean),
    layers: a.layers.map(cosine),
    modules: {
      encoder: cosine(a.overall),
      [`layers.${last}.rec`]: cosine(a.lastRec),
      decoder: cosine(1),
    },
  };
}

const FULL_ALIGNMENT = { overall: 1, layers: [1], lastRec: 1 };

/** metrics.jsonl of a job: per epoch a step record, an alignment record and the epoch record. */
export function fakeMetrics(job: FakeJob): string {
  const lines: unknown[] = [];
  (job.epochs ?? []).forEach((epoch, index) => {
    const step = (index + 1) * 10;
    lines.push({
      type: 'step',
      step,
      epoch: index,
      loss: epoch.valLoss,
      accuracy: epoch.valAccuracy,
    });
    // One alignment record per logged batch; bp_lambda's also carries the learning signal.
    if (epoch.alignment || epoch.signal)
      lines.push({
        type: 'alignment',
        epoch: index,
        step: step - 9,
        batch: 0,
        rule: job.values.trainingMode ?? 'online_full',
        reference: 'bptt',
        ...alignmentOf({ ...epoch, alignment: epoch.alignment ?? FULL_ALIGNMENT }),
        ...(epoch.signal ? { signal: { perLayer: epoch.signal } } : {}),
      });
    lines.push({
      type: 'epoch',
      epoch: index,
      step,
      train: { loss: epoch.valLoss, accuracy: epoch.valAccuracy },
      val: split(epoch.valLoss, epoch.valAccuracy),
      test: split(epoch.valLoss, epoch.valAccuracy),
      learningRate: 0.001,
      isBest: true,
      bestEpoch: index,
      ...(epoch.alignment ? { alignment: { batches: 1, ...alignmentOf(epoch) } } : {}),
    });
  });
  return lines.map((line) => `${JSON.stringify(line)}\n`).join('');
}

function summaryOf(job: FakeJob): RunSummary {
  const r = job.result!;
  const val = split(r.valLoss, r.valAccuracy ?? 0.5);
  const test = split(r.valLoss + 0.01, r.testAccuracy);
  const epochs = job.epochs?.length ?? 1;
  return {
    stoppedBy: (r.stoppedBy ?? 'epochs') as RunSummary['stoppedBy'],
    dataset: String(job.values.dataset ?? 'copy'),
    trainingMode: String(job.values.trainingMode ?? 'online_full'),
    backend: 'cpu',
    parameterCount: 100,
    bestEpoch: epochs,
    val,
    test,
    last: { epoch: epochs, val, test },
    epochs,
    steps: epochs * 10,
    wallSeconds: 1,
    trainSeconds: 1,
    tokensPerSecond: 1000,
  };
}

/**
 * Writes a sweep folder at `dir`.
 *
 * @param then - second-stage jobs and their seeds (ids `best_<rule>_seed=<s>`)
 */
export async function writeFakeSweep(
  dir: string,
  sweep: {
    name: string;
    metric?: { name: SweepMetricName; goal: 'minimize' | 'maximize' };
    jobs: FakeJob[];
    then?: { seeds: number[]; jobs: FakeJob[] };
  },
): Promise<string> {
  const strip = (jobs: FakeJob[]) => jobs.map(({ id, values }) => ({ id, values }));
  const record: SweepRecord = {
    name: sweep.name,
    file: `${sweep.name}.yaml`,
    method: 'grid',
    metric: sweep.metric ?? { name: 'val loss', goal: 'minimize' },
    jobs: strip(sweep.jobs),
    ...(sweep.then ? { then: { seeds: sweep.then.seeds, jobs: strip(sweep.then.jobs) } } : {}),
  };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'sweep.json'), `${JSON.stringify(record, null, 2)}\n`);
  for (const job of [...sweep.jobs, ...(sweep.then?.jobs ?? [])]) {
    const runDir = join(dir, job.id);
    await mkdir(runDir, { recursive: true });
    await writeFile(
      join(runDir, 'config.json'),
      JSON.stringify({ dataset: 'copy', layerCls: 'LRU', nLayers: 2, ...job.values }),
    );
    if (!job.result) continue;
    await writeFile(join(runDir, 'summary.json'), JSON.stringify(summaryOf(job), null, 2));
    await writeFile(join(runDir, 'metrics.jsonl'), fakeMetrics(job));
  }
  return dir;
}

/** Jobs of a rules × lr scan: `results[rule][lr]` lists test accuracy per seed (val loss = 1 − it). */
export function scanJobs(
  results: Record<string, Record<string, number[]>>,
  fixed: Partial<TrainConfig> = {},
): FakeJob[] {
  return Object.entries(results).flatMap(([rule, byLr]) =>
    Object.entries(byLr).flatMap(([lr, accuracies]) =>
      accuracies.map((accuracy, i) => ({
        id: `${rule}_lr=${lr}_seed=${i + 1}`,
        values: {
          ...fixed,
          trainingMode: rule as TrainConfig['trainingMode'],
          lrBase: Number(lr),
          seed: i + 1,
        },
        result: { valLoss: 1 - accuracy, valAccuracy: accuracy, testAccuracy: accuracy },
        epochs: [
          { valLoss: 1.2 - accuracy, valAccuracy: accuracy - 0.1 },
          { valLoss: 1 - accuracy, valAccuracy: accuracy },
        ],
      })),
    ),
  );
}
