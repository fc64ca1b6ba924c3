import { describe, expect, it } from 'vitest';
import { initialTrainerState, reduceTrainer } from './trainer-state.js';

const lambda = (re: number) => [{ re: [re], im: [0] }];

describe('trainer state', () => {
  it('keeps each learner’s last eigenvalues when a batch brings none, and the first as initial', () => {
    let state = reduceTrainer(initialTrainerState, {
      type: 'steps',
      records: [],
      liveBytes: 1,
      eigen: [lambda(0.1), lambda(0.2)],
    });
    state = reduceTrainer(state, { type: 'steps', records: [], liveBytes: 2, eigen: [] });
    const sparse: (ReturnType<typeof lambda> | undefined)[] = [];
    sparse[1] = lambda(0.3);
    state = reduceTrainer(state, { type: 'steps', records: [], liveBytes: 3, eigen: sparse });
    expect(state.eigenLatest).toEqual([lambda(0.1), lambda(0.3)]);
    expect(state.eigenInitial).toEqual([lambda(0.1), lambda(0.2)]);
    expect(state.liveBytes).toBe(3);
  });

  it('lists errors until dismissed and clears the history when a run starts', () => {
    let state = reduceTrainer(initialTrainerState, { type: 'error', context: 'c', message: 'm' });
    const id = state.errors[0]!.id;
    state = reduceTrainer(state, {
      type: 'steps',
      records: [{ step: 1, epoch: 0, elapsedSeconds: 0, learners: [] }],
      liveBytes: 0,
      eigen: [],
    });
    expect(state.history).toHaveLength(1);
    state = reduceTrainer(state, { type: 'dismiss', id });
    expect(state.errors).toEqual([]);
    state = reduceTrainer(state, {
      type: 'message',
      message: { type: 'status', status: 'done', message: 'stopped after 1 steps' },
    });
    expect(state).toMatchObject({ status: 'done', statusMessage: 'stopped after 1 steps' });
    state = reduceTrainer(state, {
      type: 'message',
      message: { type: 'status', status: 'running' },
    });
    expect(state.statusMessage).toBeUndefined();
  });
});
