/**
 * The messages between the page and the training worker (docs/web.md describes the protocol).
 * Everything here is structured-cloneable: plain objects, numbers, strings and typed arrays.
 */
import type { LayerClass, RnnActivation } from '@olrd/core';
import { RULE_NAMES, type Execution, type RuleName } from '@olrd/rules/names';

/** The backends the app offers (the browser entry of @olrd/tensor also knows webgl). */
export type WebBackend = 'webgpu' | 'wasm' | 'cpu';
export const WEB_BACKENDS: readonly WebBackend[] = ['webgpu', 'wasm', 'cpu'];

/**
 * The rules, from the names table of @olrd/rules (its tfjs-free `names` subpath, so the page's
 * bundle does not pull in tfjs): every registered rule is offered. Which rule fits which cell
 * and task: lib/rule-choices.ts.
 */
export const WEB_RULES: readonly RuleName[] = RULE_NAMES;

/** The cells, spelled out for the same reason (tested against @olrd/core's `LAYER_CLASSES`). */
export const WEB_CELLS = ['LRU', 'RNN', 'GRU', 'LSTM'] as const satisfies readonly LayerClass[];
/** ρ of the RNN cell (tested against `RNN_ACTIVATIONS`). */
export const WEB_RNN_ACTIVATIONS = [
  'linear',
  'tanh',
  'relu',
] as const satisfies readonly RnnActivation[];

/**
 * The tasks. Generated in the worker by @olrd/data (no download): the copy task, copy-repeat with
 * its curriculum, the drifting stream (one endless sequence, learnt step by step) and short ListOps
 * expressions. Row-by-row Fashion-MNIST comes from IDX files the person picks (28 steps of 28
 * pixels, 10 classes, built by @olrd/data's `rfmnist`).
 */
export type WebTask = 'copy' | 'copy-repeat' | 'drift' | 'listops' | 'fashion-mnist';

/** The tasks in the order the page offers them, with their labels. */
export const WEB_TASKS: readonly { task: WebTask; label: string }[] = [
  { task: 'copy', label: 'copy task (generated here)' },
  { task: 'copy-repeat', label: 'copy-repeat with its curriculum (generated here)' },
  { task: 'drift', label: 'drifting stream, prequential (generated here)' },
  { task: 'listops', label: 'ListOps, short expressions (generated here)' },
  { task: 'fashion-mnist', label: 'Fashion-MNIST, row by row (your IDX files)' },
];

/** Drifting stream: stream steps learnt between two reports to the page. */
export const DRIFT_CHUNK = 100;
/** Drifting stream: the prequential window (stream steps), as `olrd stream --window`. */
export const DRIFT_WINDOW = 500;

/** What the person chose in the controls. */
export interface RunSettings {
  task: WebTask;
  /** Copy task pattern length P (T = 2P + 8). */
  patternLength: number;
  /** Drifting stream: stream steps between switches of the hidden rule. */
  switchEvery: number;
  /** Drifting stream: a parameter update every this many stream steps. */
  updateEvery: number;
  /** ListOps: generated expressions have fewer tokens than this, at least half as many; T = it. */
  listopsLength: number;
  /** The recurrent cell of every layer (GRU and LSTM need dHidden = dModel). */
  layerCls: LayerClass;
  /** ρ of the RNN cell: h_t = A·ρ(h_{t−1}) + B·u_t. */
  rnnActivation: RnnActivation;
  /** One rule, or two to compare side by side on the same data, seed and initial parameters. */
  rules: RuleName[];
  /**
   * `streaming`: one step at a time (the online rules through OnlineLearner; tbptt and rtrl
   * through `computeGradientsAsync`); `sequence`: whole sequences. bptt always uses `sequence`.
   */
  execution: Execution;
  /** tbptt: steps per chunk. */
  truncation: number;
  /** rtrl: bound on its sensitivity matrices, MiB (refused above it). */
  maxSensitivityMib: number;
  backend: WebBackend;
  nLayers: number;
  dModel: number;
  dHidden: number;
  bsz: number;
  lrBase: number;
  seed: number;
  /** Compare with BPTT on the same batch every this many steps (0 = never). */
  alignEvery: number;
  /** Stop after this many steps (batches; stream steps on the drifting stream; 0 = never). */
  maxSteps: number;
}

/** A file the person picked (a checkpoint, or a data set's IDX file). */
export interface FileInput {
  name: string;
  bytes: Uint8Array;
}
/** A checkpoint file to start from. */
export type CheckpointInput = FileInput;

/** Page → worker. */
export type ToWorker =
  | { type: 'probe' }
  | { type: 'start'; settings: RunSettings; checkpoint?: CheckpointInput; dataFiles?: FileInput[] }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'reset' }
  | { type: 'checkpoint'; learner: number };

/** One backend as the worker found it. */
export interface BackendStatus {
  name: WebBackend;
  available: boolean;
  /** Why not (absent when available). */
  reason?: string;
  /** What would make it available. */
  hint?: string;
  /** The WebGPU adapter, e.g. "google swiftshader (software)". */
  adapter?: string;
  /** True for a CPU-emulated WebGPU adapter (works, but slower than wasm). */
  software?: boolean;
}

/** Alignment of one rule's gradient with BPTT's on the same batch. */
export interface AlignmentSample {
  overall: { cosine: number; relativeNorm: number };
  /** Per layer i (every `layers.i.*` parameter). */
  layers: { cosine: number; relativeNorm: number }[];
  /** Per module (`encoder`, `layers.0.rec`, …). */
  modules: Record<string, { cosine: number; relativeNorm: number }>;
}

/** One learner's numbers after one step. */
export interface LearnerStep {
  rule: RuleName;
  execution: Execution;
  /**
   * Loss of this batch, before the update (an online, prequential estimate); on the drifting
   * stream, the mean over the last DRIFT_WINDOW stream steps.
   */
  loss: number;
  /** Accuracy of the same predictions (bits, last-step classes, or prequential on the stream). */
  accuracy: number;
  /** T of the sequences just learnt (copy-repeat grows it); on the stream, its steps so far. */
  seqLength: number;
  /** The curriculum level reached (copy-repeat), e.g. `{ patternLength: 3, repeats: 2 }`. */
  level?: Record<string, number>;
  /** Tokens (sequences × T) per second of this learner's own compute, smoothed. */
  tokensPerSecond: number;
  alignment?: AlignmentSample;
  /** LRU: λ per layer (re, im), sent every few steps (not kept in the history). */
  eigenvalues?: { re: number[]; im: number[] }[];
  /** RNN: the spectral radius of A per layer, sent every few steps. */
  spectralRadius?: number[];
}

/**
 * Memory a learner keeps to form its gradient, vs BPTT (see lib/memory-estimate): for a sequence
 * of T steps, fixedFloats + perStepFloats × min(T, window ?? T).
 */
export interface MemoryReport {
  rule: RuleName;
  execution: Execution;
  /** Floats kept whatever T: states, traces, sensitivities. */
  fixedFloats: number;
  /** Floats kept per time step (the autodiff tape of whole sequences or chunks). */
  perStepFloats: number;
  /** At most this many steps are kept (tbptt streaming: its truncation); absent: all T. */
  window?: number;
  /** Floats BPTT keeps per time step, for the reference bar. */
  bpttFloatsPerStep: number;
}

/** What a run turned out to be, sent once when it starts. */
export interface RunInfo {
  backend: string;
  /** The model after a checkpoint was applied (cell and sizes may differ from the settings). */
  model: {
    layerCls: LayerClass;
    rnnActivation?: RnnActivation;
    nLayers: number;
    dModel: number;
    dHidden: number;
    dInput: number;
    parameters: number;
  };
  seqLength: number;
  /** Short, e.g. "copy task: P=5, T=18" or "Fashion-MNIST rows: T=28, 54000 train". */
  taskLabel: string;
  /** `batches` of whole sequences, or one endless `stream` (the drifting stream). */
  kind: 'batches' | 'stream';
  datasetDescription: string;
  memory: MemoryReport[];
  /** Name of the checkpoint the run started from. */
  startedFrom?: string;
  /** Whether that checkpoint's optimiser state was restored (else Adam starts from zero). */
  resumedOptimizer?: boolean;
  /** The run's resolved settings (execution per learner may differ from the request). */
  settings: RunSettings;
}

/** Worker → page. */
export type FromWorker =
  | { type: 'probe'; backends: BackendStatus[] }
  | { type: 'started'; info: RunInfo }
  | {
      type: 'step';
      step: number;
      epoch: number;
      elapsedSeconds: number;
      /** Bytes of every tensor alive in the worker (tf.memory().numBytes). */
      liveBytes: number;
      learners: LearnerStep[];
      /** Drifting stream: which hidden rule (τ, c) is in force. */
      regime?: number;
    }
  | { type: 'status'; status: RunStatus; message?: string }
  | { type: 'checkpoint'; learner: number; fileName: string; bytes: Uint8Array }
  | { type: 'error'; message: string; context: string };

/** The worker's run state. */
export type RunStatus = 'idle' | 'starting' | 'running' | 'paused' | 'done';
