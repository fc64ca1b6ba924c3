/** The page's record of the run, and how worker messages and page events change it. */
import type { BackendStatus, FromWorker, RunInfo, RunStatus } from '../protocol.js';
import type { StepRecord } from '../lib/metrics-jsonl.js';

export type Eigenvalues = { re: number[]; im: number[] }[];

export interface AppError {
  id: number;
  context: string;
  message: string;
}

export interface TrainerState {
  backends?: BackendStatus[];
  status: RunStatus;
  statusMessage?: string;
  info?: RunInfo;
  history: StepRecord[];
  liveBytes: number;
  /** Per learner: λ when first seen and now. */
  eigenInitial: Eigenvalues[];
  eigenLatest: Eigenvalues[];
  errors: AppError[];
}

export type TrainerAction =
  | { type: 'message'; message: FromWorker }
  | { type: 'steps'; records: StepRecord[]; liveBytes: number; eigen: (Eigenvalues | undefined)[] }
  | { type: 'error'; context: string; message: string }
  | { type: 'dismiss'; id: number };

export const initialTrainerState: TrainerState = {
  status: 'idle',
  history: [],
  liveBytes: 0,
  eigenInitial: [],
  eigenLatest: [],
  errors: [],
};
let errorIds = 0;

export function reduceTrainer(state: TrainerState, action: TrainerAction): TrainerState {
  switch (action.type) {
    case 'error':
      return {
        ...state,
        errors: [
          ...state.errors,
          { id: ++errorIds, context: action.context, message: action.message },
        ],
      };
    case 'dismiss':
      return { ...state, errors: state.errors.filter((e) => e.id !== action.id) };
    case 'steps': {
      // `action.eigen` is sparse: only learners with fresh eigenvalues in this batch have one.
      const count = Math.max(action.eigen.length, state.eigenLatest.length);
      const eigenLatest = Array.from(
        { length: count },
        (_, i) => action.eigen[i] ?? state.eigenLatest[i] ?? [],
      );
      const eigenInitial = eigenLatest.map((e, i) =>
        state.eigenInitial[i]?.length ? state.eigenInitial[i] : e,
      );
      return {
        ...state,
        history: [...state.history, ...action.records],
        liveBytes: action.liveBytes,
        eigenLatest,
        eigenInitial,
      };
    }
    case 'message': {
      const message = action.message;
      if (message.type === 'probe') return { ...state, backends: message.backends };
      if (message.type === 'started')
        return { ...state, info: message.info, history: [], eigenInitial: [], eigenLatest: [] };
      if (message.type === 'status') {
        const { statusMessage: _, ...rest } = state;
        return {
          ...rest,
          status: message.status,
          ...(message.message ? { statusMessage: message.message } : {}),
        };
      }
      return state;
    }
  }
}
