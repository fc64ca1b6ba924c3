/**
 * `olrd stream`: prequential (test-then-train) online learning on a generated stream with an
 * `OnlineLearner`: every step is predicted, scored, then learnt from; parameters update every
 * `--update-every` steps. Live progress on stderr; a run folder with config.json, metrics.jsonl,
 * prequential.svg, summary.json and learner.safetensors (resumable mid-sequence with --resume).
 */
import { mkdir, readFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initBackend, tf } from '@olrd/tensor/node';
import { defaultArchitecture, initParams, type ModelConfig } from '@olrd/core';
import { copyStream, driftStream, type Stream } from '@olrd/data';
import { OnlineLearner, PrequentialMeter, isLearnerSgRule } from '@olrd/rules';
import { createOptimizer } from '@olrd/train';
import { writeFileAtomic } from '@olrd/train/node';
import { formatDuration, formatPercent } from '../format.js';
import { prequentialSvg, type PlotPoint } from './prequential-plot.js';
import { STREAM_DEFAULTS, parseStreamOptions, type StreamOptions } from './stream-options.js';

/** `olrd stream --help`. */
export function streamHelp(): string {
  return `usage: olrd stream [flags]

Prequential online learning on a generated stream: each step is predicted, scored, then learnt
from (an OnlineLearner with a streaming rule; memory does not grow with the stream). Writes
config.json, metrics.jsonl, prequential.svg, summary.json and learner.safetensors to --out.

  --task drift|copy          drift: delayed recall whose hidden rule switches (default drift);
                             copy: copy sequences back to back
  --steps N                  stream steps (default ${STREAM_DEFAULTS.steps})
  --update-every K|sequence  parameter update every K steps, or per sequence (default 1)
  --rule R                   online_full | online_1truncated | online_spatial | snap1 |
                             bp_lambda | online_full_bp_lambda (default online_full; snap1
                             for other cells)
  --gamma, --lambda          BP(λ): discount and trace decay (default 1, 1)
  --sg-weight, --synth-lr    BP(λ): synthetic-gradient weight s, synthesisers' Adam rate
                             (default 1, 0.001)
  --layer-cls C              LRU | RNN | GRU | LSTM (default LRU; GRU/LSTM take N = H)
  --engine E                 auto | fused | tfjs (default auto)
  --backend B                tfjs backend for the optimiser and the tfjs engine (default auto)
  --batch-size B             parallel streams (default 1)
  --n-layers, --d-model, --d-hidden   model size (default 2, 32, 16)
  --lr, --lr-factor          Adam rate and the recurrent group's factor (default 0.003, 0.5)
  --copy-pattern-length P    copy task pattern length (default 5)
  --switch-every S           drift: steps between rule switches (default 3000)
  --window W                 prequential window in steps (default 500)
  --log-every N              metrics line every N steps (default 100)
  --seed S                   seed of the data and the parameters (default 0)
  --out DIR                  run folder (default runs/<time>-stream-<task>)
  --resume FILE              continue from a learner.safetensors (same model flags)
  -h, --help                 show this help
`;
}

function makeStream(options: StreamOptions): Stream {
  return options.task === 'copy'
    ? copyStream({
        patternLength: options.copyPatternLength,
        batchSize: options.batchSize,
        seed: options.seed,
      })
    : driftStream({
        switchEvery: options.switchEvery,
        batchSize: options.batchSize,
        seed: options.seed,
      });
}

/** Runs `olrd stream`; resolves to the exit code. */
export async function streamCommand(args: readonly string[]): Promise<number> {
  const options = parseStreamOptions(args, streamHelp);
  if (!options) return 0;
  const backend = await initBackend(options.backend as Parameters<typeof initBackend>[0]);
  const stream = makeStream(options);
  const config: ModelConfig = {
    ...defaultArchitecture,
    dInput: stream.inputDim,
    dModel: options.dModel,
    dHidden: options.dHidden,
    nLayers: options.nLayers,
    layerCls: options.layerCls,
    nClasses: stream.nClasses,
    multidim: stream.multidim,
    pDropout: 0,
    ...(isLearnerSgRule(options.rule) ? { synthesiser: true } : {}),
  };
  const optimizer = createOptimizer({
    optConfig: 'standard',
    learningRate: () => options.lr,
    recLearningRate: () => options.lr * options.lrFactor,
    synthLearningRate: () => options.synthLr,
    weightDecay: 0,
  });
  let learner: OnlineLearner;
  if (options.resume) {
    learner = OnlineLearner.load(new Uint8Array(await readFile(options.resume)), optimizer);
  } else {
    const params = initParams(config, options.seed);
    learner = OnlineLearner.create({
      rule: options.rule,
      config,
      params,
      optimizer,
      batchSize: options.batchSize,
      updateEvery: options.updateEvery,
      engine: options.engine,
      ...(isLearnerSgRule(options.rule)
        ? {
            synthetic: {
              gamma: options.gamma,
              lambda: options.lambda,
              sgWeight: options.sgWeight,
            },
          }
        : {}),
    });
    tf.dispose(Object.values(params));
  }
  const out =
    options.out ||
    join('runs', `${new Date().toISOString().replace(/[:.]/g, '-')}-stream-${options.task}`);
  await mkdir(out, { recursive: true });
  await writeFileAtomic(
    join(out, 'config.json'),
    `${JSON.stringify({ ...options, out, backend, engine: learner.engineKind, model: config, stream: stream.description }, null, 2)}\n`,
  );
  const metricsPath = join(out, 'metrics.jsonl');
  await writeFileAtomic(metricsPath, '');
  process.stderr.write(
    `olrd: ${stream.description}; ${learner.rule} on the ${learner.engineKind} engine (${backend}); run folder ${out}\n`,
  );

  const meter = new PrequentialMeter(options.window);
  const points: PlotPoint[] = [];
  const start = performance.now();
  const tty = process.stderr.isTTY === true;
  let lastPlain = start;
  let interrupted = false;
  const onInterrupt = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
  };
  process.on('SIGINT', onInterrupt);
  let step = 0;
  try {
    for (const item of stream.steps()) {
      if (step >= options.steps || interrupted) break;
      const result = learner.learnOne(item.x, item.y, item.mask, { last: item.endOfSequence });
      meter.record(result.loss, result.correct, result.total);
      if (item.endOfSequence) learner.endSequence();
      step++;
      if (step % options.logEvery === 0 || step === options.steps) {
        const window = meter.windowed;
        const elapsed = (performance.now() - start) / 1000;
        const line = {
          step,
          loss: window.loss,
          accuracy: window.accuracy,
          overallAccuracy: meter.overall.accuracy,
          regime: item.regime,
          updates: learner.counters.updates,
          stepsPerSecond: step / elapsed,
        };
        await appendFile(metricsPath, `${JSON.stringify(line)}\n`);
        points.push({ step, accuracy: window.accuracy, regime: item.regime });
        const eta = ((options.steps - step) * elapsed) / step;
        const text = `step ${step}/${options.steps} prequential acc ${formatPercent(window.accuracy)} loss ${window.loss.toFixed(4)} (window ${options.window}) ${line.stepsPerSecond.toFixed(0)} steps/s ETA ${formatDuration(eta)}`;
        if (tty) process.stderr.write(`\r\x1b[K${text}`);
        else if (performance.now() - lastPlain > 10_000 || step === options.steps) {
          process.stderr.write(`${text}\n`);
          lastPlain = performance.now();
        }
      }
    }
  } finally {
    process.off('SIGINT', onInterrupt);
    if (tty) process.stderr.write('\n');
  }
  const seconds = (performance.now() - start) / 1000;
  await writeFileAtomic(join(out, 'learner.safetensors'), learner.save());
  await writeFileAtomic(
    join(out, 'prequential.svg'),
    prequentialSvg(
      points,
      `${stream.name}: ${learner.rule}, update every ${String(options.updateEvery)} (${learner.engineKind} engine)`,
    ),
  );
  const summary = {
    steps: step,
    seconds,
    stepsPerSecond: step / seconds,
    updates: learner.counters.updates,
    prequential: meter.overall,
    lastWindow: meter.windowed,
    interrupted,
  };
  await writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  learner.dispose();
  process.stdout.write(
    `${step} steps in ${formatDuration(seconds)} (${summary.stepsPerSecond.toFixed(0)} steps/s): prequential accuracy ${formatPercent(meter.overall.accuracy)} overall, ${formatPercent(meter.windowed.accuracy)} over the last ${options.window} steps\nrun folder: ${out}\n`,
  );
  return interrupted ? 130 : 0;
}
