import { describe, expect, it } from 'vitest';
import type { SafetensorsFile, SafetensorsTensor } from '@olrd/train';
import { UsageError } from '../cli-errors.js';
import { checkBatch, checkBatchValues } from './grad-inputs.js';

const f32 = (shape: number[], values?: number[]): SafetensorsTensor => ({
  dtype: 'F32',
  shape,
  data: values ? Float32Array.from(values) : new Float32Array(shape.reduce((a, b) => a * b, 1)),
});
const i32 = (shape: number[], values: number[]): SafetensorsTensor => ({
  dtype: 'I32',
  shape,
  data: Int32Array.from(values),
});
const file = (tensors: Record<string, SafetensorsTensor>): SafetensorsFile => ({
  tensors,
  metadata: {},
});

/** The UsageError `run` throws (fails the test when it throws none or another kind). */
function usageError(run: () => void): UsageError {
  try {
    run();
  } catch (error) {
    expect(UsageError.isInstance(error), String(error)).toBe(true);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('checkBatchValues', () => {
  const batch = (labels: number[]) =>
    file({ x: f32([2, 3, 1]), y: i32([2, 3], labels), mask: f32([2, 3]) });

  it('refuses a label outside [0, nClasses), naming the file, the label and where it is', () => {
    const model = { nClasses: 2 };
    expect(
      usageError(() => checkBatchValues(batch([0, 1, 1, 0, 5, 0]), 'b.st', model)).message,
    ).toBe(
      "--batch b.st: tensor 'y' holds label 5 at y[1, 1], but the model has 2 classes, so labels " +
        'must be integers in [0, 1]; fix the labels, or pass --params of a model with more classes',
    );
    expect(
      usageError(() => checkBatchValues(batch([0, -1, 1, 0, 1, 0]), 'b.st', model)).message,
    ).toMatch(/holds label -1 at y\[0, 1\]/);
    expect(() => checkBatchValues(batch([0, 1, 1, 0, 1, 0]), 'b.st', model)).not.toThrow();
  });

  it('refuses a regression target that is not finite', () => {
    const targets = file({ x: f32([1, 2, 1]), y: f32([1, 2], [0.5, NaN]), mask: f32([1, 2]) });
    expect(
      usageError(() => checkBatchValues(targets, 'b.st', { nClasses: 1, loss: 'mse' })).message,
    ).toBe(
      "--batch b.st: tensor 'y' holds NaN at y[0, 1]; regression targets must be finite numbers",
    );
    const finite = file({ x: f32([1, 2, 1]), y: f32([1, 2], [0.5, 7]), mask: f32([1, 2]) });
    expect(() => checkBatchValues(finite, 'b.st', { nClasses: 1, loss: 'mse' })).not.toThrow();
  });
});

describe('checkBatch', () => {
  it('refuses an empty batch as a usage error', () => {
    const empty = file({ x: f32([0, 3, 1]), y: i32([0, 3], []), mask: f32([0, 3]) });
    expect(usageError(() => checkBatch(empty, 'e.st')).message).toBe(
      '--batch e.st: the batch is empty (x has shape [0, 3, 1]); it needs at least one sequence (B ≥ 1) of at least one step (T ≥ 1)',
    );
    const noSteps = file({ x: f32([2, 0, 1]), y: i32([2], [0, 1]), mask: f32([2, 0]) });
    expect(usageError(() => checkBatch(noSteps, 'e.st')).message).toMatch(/the batch is empty/);
  });
});
