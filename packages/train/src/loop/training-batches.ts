/**
 * Where a run's batches come from. Most datasets: a seeded shuffle of the fixed training split
 * per epoch (drop-last) and fixed val/test splits. Datasets with a curriculum (copy-repeat,
 * spec 2 §9): a fresh batch per step at the current level, each step's loss reported back so the
 * level can advance, and val/test drawn at the level reached when the epoch ends.
 */
import {
  deriveSeed,
  iterateBatches,
  type ArrayBatch,
  type Dataset,
  type DatasetSplit,
  type TrainingCurriculum,
} from '@olrd/data';
import type { TrainConfig } from '../config/train-config.js';

/** The batch source of one run. */
export interface TrainingBatches {
  /** The batches of epoch `epoch`; `firstStep` is the run's step count before it. */
  epoch(epoch: number, firstStep: number, stepsPerEpoch: number): Iterable<ArrayBatch>;
  /** Reports a training step's loss (advances a curriculum). */
  observe(loss: number): void;
  /** The splits to evaluate after an epoch. */
  evaluationSplits(epoch: number): { val: DatasetSplit; test: DatasetSplit };
  /** The curriculum level, when there is a curriculum. */
  level(): Readonly<Record<string, number>> | undefined;
  /** Returns the curriculum to a level {@link TrainingBatches.level} gave (resuming a run). */
  restore(level: Readonly<Record<string, number>>): void;
}

function* curriculumEpoch(
  curriculum: TrainingCurriculum,
  config: TrainConfig,
  firstStep: number,
  steps: number,
): Generator<ArrayBatch> {
  for (let i = 0; i < steps; i++) {
    yield curriculum.nextBatch(
      config.bsz,
      deriveSeed(config.seed, 'curriculum-batch', firstStep + i),
    );
  }
}

/** The batch source for `dataset` under `config`. */
export function trainingBatches(dataset: Dataset, config: TrainConfig): TrainingBatches {
  const curriculum = dataset.createCurriculum?.(config.seed);
  if (!curriculum) {
    return {
      epoch: (epoch) =>
        iterateBatches(dataset.train, {
          batchSize: config.bsz,
          shuffle: true,
          seed: deriveSeed(config.seed, 'shuffle', epoch),
          dropLast: true,
        }),
      observe: () => {},
      evaluationSplits: () => ({ val: dataset.val, test: dataset.test }),
      level: () => undefined,
      restore: () => {},
    };
  }
  return {
    epoch: (_epoch, firstStep, steps) => curriculumEpoch(curriculum, config, firstStep, steps),
    observe: (loss) => void curriculum.observe(loss),
    evaluationSplits: (epoch) => ({
      val: curriculum.evaluationSplit(
        dataset.val.size,
        deriveSeed(config.seed, 'curriculum-val', epoch),
      ),
      test: curriculum.evaluationSplit(
        dataset.test.size,
        deriveSeed(config.seed, 'curriculum-test', epoch),
      ),
    }),
    level: () => curriculum.level(),
    restore: (level) => curriculum.restore(level),
  };
}
