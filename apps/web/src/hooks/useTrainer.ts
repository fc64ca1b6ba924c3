/**
 * The page's side of the worker protocol: owns the worker, keeps the run's history and state, and
 * turns every failure (worker errors included) into an entry of `errors`, with config fields
 * named by the form's labels.
 */
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { CheckpointInput, FileInput, FromWorker, RunSettings, ToWorker } from '../protocol.js';
import type { StepRecord } from '../lib/metrics-jsonl.js';
import { downloadFile } from '../lib/download.js';
import { labelMessage } from '../lib/error-labels.js';
import { initialTrainerState, reduceTrainer, type Eigenvalues } from './trainer-state.js';

export type { AppError, Eigenvalues, TrainerState } from './trainer-state.js';

/** The trainer: state plus the commands of the controls. */
export function useTrainer() {
  const [state, dispatch] = useReducer(reduceTrainer, initialTrainerState);
  const worker = useRef<Worker | undefined>(undefined);
  // Steps arrive faster than the page needs to paint; they are batched every 100 ms.
  const pending = useRef<{
    records: StepRecord[];
    liveBytes: number;
    eigen: (Eigenvalues | undefined)[];
  }>({
    records: [],
    liveBytes: 0,
    eigen: [],
  });
  const history = useRef<StepRecord[]>([]);

  useEffect(() => {
    const w = new Worker(new URL('../worker/training.worker.ts', import.meta.url), {
      type: 'module',
    });
    worker.current = w;
    const flushSteps = (): void => {
      const batch = pending.current;
      if (batch.records.length === 0) return;
      pending.current = { records: [], liveBytes: batch.liveBytes, eigen: [] };
      dispatch({ type: 'steps', ...batch });
    };
    const flush = setInterval(flushSteps, 100);
    w.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if (message.type === 'step') {
        const record: StepRecord = {
          step: message.step,
          epoch: message.epoch,
          elapsedSeconds: message.elapsedSeconds,
          learners: message.learners.map(({ eigenvalues: _, ...rest }) => rest),
          ...(message.regime !== undefined ? { regime: message.regime } : {}),
        };
        history.current.push(record);
        const batch = pending.current;
        batch.records.push(record);
        batch.liveBytes = message.liveBytes;
        message.learners.forEach((l, i) => {
          if (l.eigenvalues) batch.eigen[i] = l.eigenvalues;
        });
      } else if (message.type === 'error') {
        flushSteps(); // the page shows what the worker did in its order: the steps first
        dispatch({
          type: 'error',
          context: message.context,
          message: labelMessage(message.message),
        });
      } else if (message.type === 'checkpoint') {
        downloadFile(message.fileName, message.bytes, 'application/octet-stream');
      } else {
        if (message.type === 'started') {
          history.current = [];
          pending.current = { records: [], liveBytes: 0, eigen: [] };
        } else {
          // A status (e.g. done) after the last steps must not show before them.
          flushSteps();
        }
        dispatch({ type: 'message', message });
      }
    };
    w.onerror = (event) => {
      event.preventDefault();
      dispatch({
        type: 'error',
        context: 'worker',
        message: event.message || 'the training worker failed to load',
      });
    };
    w.onmessageerror = () =>
      dispatch({
        type: 'error',
        context: 'worker',
        message: 'a message from the worker could not be read',
      });
    w.postMessage({ type: 'probe' } satisfies ToWorker);
    return () => {
      clearInterval(flush);
      w.terminate();
    };
  }, []);

  const send = useCallback((message: ToWorker, transfer: Transferable[] = []) => {
    worker.current?.postMessage(message, transfer);
  }, []);

  return {
    state,
    start: (settings: RunSettings, checkpoint?: CheckpointInput, dataFiles: FileInput[] = []) => {
      // Shown at once, so nothing reads the previous run's 'done' as this run's.
      dispatch({ type: 'message', message: { type: 'status', status: 'starting' } });
      send({ type: 'start', settings, dataFiles, ...(checkpoint ? { checkpoint } : {}) });
    },
    pause: () => send({ type: 'pause' }),
    resume: () => send({ type: 'resume' }),
    reset: () => send({ type: 'reset' }),
    saveCheckpoint: (learner: number) => send({ type: 'checkpoint', learner }),
    /** The whole history (not only what has been painted), for metrics.jsonl. */
    history: () => history.current,
    reportError: (context: string, message: string) =>
      dispatch({ type: 'error', context, message }),
    dismissError: (id: number) => dispatch({ type: 'dismiss', id }),
  };
}
