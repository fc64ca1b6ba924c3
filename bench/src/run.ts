/**
 * `pnpm bench`: training throughput per rule and backend, per-step latency at batch 1, streaming
 * memory against T, and the PyTorch peer, all measured in one run on this machine. Writes
 * bench/results.json (atomically) and prints a table; docs/benchmarks.md records the figures.
 */
import { cpus, loadavg } from 'node:os';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend, probeBackends, tf } from '@olrd/tensor/node';
import {
  bpttPeak,
  streamingPeak,
  MEMORY_MODEL,
  MEMORY_BATCH,
  type MemoryResult,
} from './memory.js';
import {
  fusedLatency,
  LATENCY_GOAL_RATIO,
  LATENCY_MODEL,
  tfjsLatency,
  type LatencyResult,
} from './latency.js';
import { parseBenchOptions } from './options.js';
import { runPeer } from './peer.js';
import { FIGURE2, measureThroughput, type ThroughputResult } from './throughput.js';
import { measureRuleCosts, RTRL_COST_MODEL, RULE_COST_MODEL } from './rule-costs.js';
import { measureSgTraces, SG_TRACE_MODEL, type SgTraceResult } from './sg-traces.js';
import { GPU_ASSUMPTION, measureSweepCosts, type SweepCost } from './sweep-cost.js';
import {
  EVAL_MEMORY_MODEL,
  evalMemoryRatios,
  evalMemorySkipReason,
  measureEvalMemory,
  type EvalMemoryResult,
} from './eval-memory.js';

// Silences tfjs's one-time "install tfjs-node" banner, as the CLI does.
tf.env().set('PROD', true);

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const options = parseBenchOptions(process.argv.slice(2));

/** Repetitions per backend: the pure-JS and software-GPU backends are slow on this model. */
function repsFor(backend: string, execution: string): number {
  if (options.quick) return 1;
  if (backend === 'wasm' || backend === 'tensorflow' || backend === 'cuda')
    return execution === 'streaming' ? 2 : 5;
  return 1;
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

const probes = await probeBackends();
const wanted = options.backends ?? probes.filter((p) => p.available).map((p) => p.name);
for (const name of wanted) {
  const probe = probes.find((p) => p.name === name);
  if (probe === undefined)
    throw new Error(
      `bench: unknown backend '${name}'; known: ${probes.map((p) => p.name).join(', ')}`,
    );
  if (!probe.available)
    log(
      `bench: skipping ${name}: ${probe.reason ?? 'unavailable'}${probe.hint ? ` (${probe.hint})` : ''}`,
    );
}
const backends = wanted.filter((name) => probes.find((p) => p.name === name)?.available);

const throughput: ThroughputResult[] = [];
for (const backend of options.only.has('throughput') ? backends : []) {
  await initBackend(backend as Parameters<typeof initBackend>[0]);
  for (const [rule, execution] of [
    ['bptt', 'sequence'],
    ['online_full', 'sequence'],
    ['online_full', 'streaming'],
  ] as const) {
    log(`throughput: ${backend} ${rule} (${execution}) …`);
    const result = await measureThroughput(backend, rule, execution, repsFor(backend, execution));
    log(`  ${result.tokensPerSecond.toFixed(0)} tokens/s (${result.msPerStep.toFixed(0)} ms/step)`);
    throughput.push(result);
  }
}

// Per-step latency at batch 1: the fused engine (no tensor backend), then tfjs on the CPU backends.
const latency: LatencyResult[] = [];
if (options.only.has('latency')) {
  log('latency: fused engine, batch 1 …');
  latency.push(options.quick ? fusedLatency(2000, 500) : fusedLatency(5000, 1000));
  log(`  ${(latency[0] as LatencyResult).msPerStep.toFixed(3)} ms/step`);
}
for (const backend of backends.filter(
  (name) => options.only.has('latency') && (name === 'cpu' || name === 'wasm'),
)) {
  await initBackend(backend as Parameters<typeof initBackend>[0]);
  log(`latency: tfjs stepOnline on ${backend}, batch 1 …`);
  const result = options.quick ? tfjsLatency(backend, 200, 20) : tfjsLatency(backend, 2000, 100);
  log(`  ${result.msPerStep.toFixed(3)} ms/step`);
  latency.push(result);
}

// Memory against T on the fastest CPU backend present.
const memoryBackend = backends.includes('wasm') ? 'wasm' : backends[0];
const memory: MemoryResult[] = [];
const lengths = options.quick ? [256, 1024, 2048] : [1024, 16384, 65536];
// BPTT keeps every step: at T = 65,536 this model would need ≈ 3.5 GB, past wasm's 4 GiB address
// space with the rest of the process, so BPTT is measured at the two shorter lengths only.
const bpttLengths = lengths.slice(0, 2);
if (memoryBackend !== undefined && options.only.has('memory')) {
  await initBackend(memoryBackend as Parameters<typeof initBackend>[0]);
  for (const time of lengths) {
    log(`memory: streaming online_full, T = ${time} …`);
    // A redrawn progress line on a terminal only; logs get the start and end lines.
    const progress = process.stderr.isTTY
      ? (done: number) => void process.stderr.write(`\r  step ${done}/${time}`)
      : undefined;
    memory.push(await streamingPeak(time, progress));
    if (progress) process.stderr.write('\n');
    if (!bpttLengths.includes(time)) continue;
    log(`memory: bptt, T = ${time} …`);
    memory.push(await bpttPeak(time));
  }
}
const peakAt = (method: MemoryResult['method'], time: number) =>
  memory.find((m) => m.method === method && m.time === time)?.peakBytes ?? NaN;
const [shortT, midT, longT] = lengths as [number, number, number];
const streamingRatio =
  peakAt('online_full (streaming)', longT) / peakAt('online_full (streaming)', shortT);
const bpttRatio = peakAt('bptt (sequence)', midT) / peakAt('bptt (sequence)', shortT);

// What each rule costs on each cell, on the fastest CPU backend present.
let ruleCosts: Awaited<ReturnType<typeof measureRuleCosts>> = [];
if (memoryBackend !== undefined && options.only.has('rules')) {
  await initBackend(memoryBackend as Parameters<typeof initBackend>[0]);
  log(`rule costs on ${memoryBackend} …`);
  ruleCosts = await measureRuleCosts(options.quick ? 1 : 3, log);
}

// Streaming BP(λ) on the LRU: per-unit traces against dense ones, same backend.
const sgTraceUnits = options.quick ? [4, 8, 16] : [8, 16, 32, 64];
const sgTraceDenseUpTo = options.quick ? 16 : 64;
let sgTraces: SgTraceResult[] = [];
if (memoryBackend !== undefined && options.only.has('traces')) {
  await initBackend(memoryBackend as Parameters<typeof initBackend>[0]);
  log(`bp_lambda streaming traces on ${memoryBackend} …`);
  sgTraces = await measureSgTraces(sgTraceUnits, sgTraceDenseUpTo, options.quick ? 1 : 3, log);
}

// Whole-process peak RSS of `olrd train --execution streaming` against T (child processes).
let evalMemory: EvalMemoryResult[] = [];
const evalMemorySkip = evalMemorySkipReason(repoRoot);
if (options.only.has('eval-memory') && evalMemorySkip !== undefined)
  log(`bench: skipping eval-memory: ${evalMemorySkip}`);
else if (options.only.has('eval-memory'))
  evalMemory = await measureEvalMemory(repoRoot, options.quick, log);
const evalRatios = evalMemoryRatios(evalMemory, options.quick);

// What the full-scale paper sweeps cost: a few timed steps per distinct setting, same backend.
const sweepCostOptions = {
  reps: options.quick ? 1 : 2,
  tokenBudget: options.quick ? 1200 : 4000,
  ...(options.sweeps === null ? {} : { only: options.sweeps }),
};
let sweepCosts: SweepCost[] = [];
// The 1-minute load average before and after: the timings are the fastest repetition, but a
// busy machine still slows them, and this says how busy it was.
const sweepCostLoad: number[] = [];
if (memoryBackend !== undefined && options.only.has('sweep-cost')) {
  await initBackend(memoryBackend as Parameters<typeof initBackend>[0]);
  log(`sweep costs on ${memoryBackend} …`);
  sweepCostLoad.push(loadavg()[0] as number);
  sweepCosts = await measureSweepCosts(repoRoot, sweepCostOptions, log);
  sweepCostLoad.push(loadavg()[0] as number);
}

const peer = options.noPeer
  ? { skipped: '--no-peer' }
  : (log('peer: PyTorch …'), runPeer(repoRoot));
const best = (rule: string, execution: string) =>
  Math.max(
    ...throughput
      .filter((r) => r.rule === rule && r.execution === execution && r.backend !== 'webgpu')
      .map((r) => r.tokensPerSecond),
  );
const ratios =
  'skipped' in peer
    ? null
    : {
        bptt: best('bptt', 'sequence') / peer.bpttLoopTokensPerSecond,
        onlineFull: best('online_full', 'sequence') / peer.bpttLoopTokensPerSecond,
      };

const fusedMs = latency.find((r) => r.engine === 'fused')?.msPerStep ?? NaN;
const peerStepMs = 'skipped' in peer ? null : peer.streamOnlineFullMsPerStep;
const latencySection = {
  config: { ...LATENCY_MODEL, batch: 1, rule: 'online_full', optimiserUpdate: false },
  results: latency,
  peerMsPerStep: peerStepMs,
  /** Peer ms / fused ms: ≥ goalRatio means the fused step takes ≤ 0.2 ms against the peer's 0.33. */
  ratioToPeer: peerStepMs === null ? null : peerStepMs / fusedMs,
  goalRatio: LATENCY_GOAL_RATIO,
};

const results = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
  quick: options.quick,
  throughputConfig: FIGURE2,
  throughput,
  latency: latencySection,
  memoryConfig: { backend: memoryBackend, batch: MEMORY_BATCH, model: MEMORY_MODEL },
  memory,
  memoryRatios: { streaming: streamingRatio, bptt: bpttRatio, lengths, bpttLengths },
  ruleCostsConfig: {
    backend: memoryBackend,
    model: RULE_COST_MODEL,
    rtrlModel: RTRL_COST_MODEL,
    truncation: 8,
  },
  ruleCosts,
  sgTracesConfig: {
    backend: memoryBackend,
    rule: 'bp_lambda',
    execution: 'streaming',
    model: SG_TRACE_MODEL,
    gamma: 0.9,
    lambda: 0.9,
  },
  sgTraces,
  evalMemoryConfig: EVAL_MEMORY_MODEL,
  evalMemory,
  evalMemoryRatios: evalRatios,
  sweepCostConfig: {
    backend: memoryBackend,
    ...sweepCostOptions,
    load: sweepCostLoad,
    gpuAssumption: GPU_ASSUMPTION,
  },
  sweepCosts,
  peer,
  ratiosToPeer: ratios,
};
const out = resolve(repoRoot, options.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(`${out}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
renameSync(`${out}.tmp`, out);

const pad = (s: string, n: number) => s.padEnd(n);
console.log(
  `\nTraining throughput, Figure-2 copy config (4 layers, H=128, N=64, T=48, batch 50), tokens/s:`,
);
console.log(
  `${pad('backend', 10)}${pad('rule', 14)}${pad('execution', 11)}${'tokens/s'.padStart(10)}${'ms/step'.padStart(10)}`,
);
for (const r of throughput)
  console.log(
    `${pad(r.backend, 10)}${pad(r.rule, 14)}${pad(r.execution, 11)}${r.tokensPerSecond.toFixed(0).padStart(10)}${r.msPerStep.toFixed(0).padStart(10)}`,
  );
console.log(
  `\nPer-step learning latency at batch 1 (online_full, 2 layers, H=64, N=32, 7×2 heads; no optimiser update), ms/step:`,
);
console.log(
  `${pad('engine', 8)}${pad('backend', 10)}${'median'.padStart(9)}${'p10'.padStart(9)}${'p90'.padStart(9)}${'steps'.padStart(8)}`,
);
for (const r of latency)
  console.log(
    `${pad(r.engine, 8)}${pad(r.backend ?? '-', 10)}${r.msPerStep.toFixed(3).padStart(9)}${r.p10MsPerStep.toFixed(3).padStart(9)}${r.p90MsPerStep.toFixed(3).padStart(9)}${String(r.steps).padStart(8)}`,
  );
if (latencySection.ratioToPeer !== null)
  console.log(
    `PyTorch peer ${(peerStepMs as number).toFixed(3)} ms/step; peer / fused ${latencySection.ratioToPeer.toFixed(2)} (goal ≥ ${LATENCY_GOAL_RATIO})`,
  );
console.log(
  `\nPeak tensor memory (${memoryBackend ?? 'none'}; 2 layers, H=32, N=16, batch ${MEMORY_BATCH}):`,
);
for (const m of memory)
  console.log(
    `${pad(m.method, 26)} T=${String(m.time).padEnd(7)} ${(m.peakBytes / 2 ** 20).toFixed(2).padStart(9)} MiB  (${m.seconds.toFixed(1)} s)`,
  );
console.log(
  `ratio T=${longT}/T=${shortT}: streaming ${streamingRatio.toFixed(3)} (must be ≤ 1.1); bptt T=${midT}/T=${shortT}: ${bpttRatio.toFixed(1)}`,
);
console.log(
  `\nMilliseconds per gradient (${memoryBackend ?? 'none'}; 2 layers, H=N=16, T=32, batch 4; rtrl: H=N=8, T=16, batch 2; tbptt k=8):`,
);
for (const r of ruleCosts)
  console.log(
    `${pad(r.cell, 6)}${pad(r.rule, 19)}${pad(r.execution, 11)}${r.msPerGradient.toFixed(1).padStart(10)}`,
  );
console.log(
  `\nStreaming bp_lambda on the LRU (${memoryBackend ?? 'none'}; 1 layer, H=16, T=16, batch 2), per-unit vs dense traces:`,
);
for (const r of sgTraces)
  console.log(
    `N=${String(r.units).padEnd(4)}${pad(r.traces, 10)}${r.msPerGradient.toFixed(1).padStart(10)} ms${(r.peakBytes / 2 ** 20).toFixed(2).padStart(10)} MiB peak`,
  );
if (evalMemory.length > 0) {
  console.log(
    `\nPeak RSS of olrd train --execution streaming (copy; 1 LRU layer, H=32, N=16, batch 2; wasm):`,
  );
  for (const r of evalMemory)
    console.log(
      `T=${String(r.seqLength).padEnd(7)}val/test ${pad(r.evalSamples === undefined ? 'default' : String(r.evalSamples), 9)}${String(r.maxSteps).padStart(3)} step(s)${(r.maxRssBytes / 2 ** 20).toFixed(0).padStart(7)} MiB  (${r.seconds.toFixed(0)} s, load ${r.load[0].toFixed(1)}→${r.load[1].toFixed(1)})`,
    );
  console.log(
    `ratio long/short T: one step each ${evalRatios.oneStep.toFixed(3)}, equal work ${evalRatios.equalWork.toFixed(3)}, default val/test ${evalRatios.defaultEval.toFixed(3)} (target ≤ 1.1)`,
  );
}
if (sweepCosts.length > 0) {
  console.log(
    `\nFull-scale paper sweeps (${memoryBackend ?? 'none'}; measured ms/step here, GPU-hours assumed ${GPU_ASSUMPTION.smallFlopsPerSecond / 1e12}/${GPU_ASSUMPTION.largeFlopsPerSecond / 1e12} TFLOP/s effective):`,
  );
  console.log(
    `${pad('sweep', 38)}${'jobs'.padStart(6)}${'steps'.padStart(12)}${'ms/step'.padStart(9)}${'GFLOP/s'.padStart(9)}${'CPU h'.padStart(10)}${'core h'.padStart(10)}${'PFLOP'.padStart(9)}${'GPU h'.padStart(9)}`,
  );
  for (const r of sweepCosts)
    console.log(
      `${pad(r.sweep, 38)}${String(r.jobs).padStart(6)}${String(r.steps).padStart(12)}${r.msPerStep.toFixed(0).padStart(9)}${r.achievedGflops.toFixed(1).padStart(9)}${r.cpuHours.toFixed(0).padStart(10)}${r.coreHours.toFixed(0).padStart(10)}${(r.flops / 1e15).toFixed(1).padStart(9)}${r.gpuHoursEstimate.toFixed(1).padStart(9)}`,
    );
}
if ('skipped' in peer) console.log(`\nPyTorch peer skipped: ${peer.skipped}`);
else {
  console.log(
    `\nPyTorch ${peer.torch} (${peer.threads} threads): bptt ${peer.bpttLoopTokensPerSecond.toFixed(0)} tokens/s (loop), ${peer.bpttScanTokensPerSecond.toFixed(0)} (scan)`,
  );
  if (ratios)
    console.log(
      `olrd / PyTorch on the best CPU backend: bptt ${ratios.bptt.toFixed(2)}, online_full ${ratios.onlineFull.toFixed(2)} (goal ≥ 1.0)`,
    );
}
console.log(`\nwritten to ${options.out}`);
