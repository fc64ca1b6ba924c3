/** The paper's datasets as the sweep-cost estimate needs them: sequence shapes and split sizes. */
import type { TrainConfig } from '@olrd/train';

/** Sequence shapes and split sizes of the paper's datasets (spec 1 §6). */
export interface DatasetShape {
  time: number;
  inputDim: number;
  nClasses: number;
  multidim: number;
  train: number;
  /** Sequences evaluated after every epoch (val + test). */
  evalPerEpoch: number;
}

export function datasetShape(config: TrainConfig): DatasetShape {
  switch (config.dataset) {
    case 'copy':
      return {
        time: 2 * config.copyPatternLength + 8,
        inputDim: 8,
        nClasses: 2,
        multidim: 7,
        train: config.copyTrainSamples,
        evalPerEpoch: config.copyValSamples + config.copyTestSamples,
      };
    case 'scifar':
      return {
        time: 1024,
        inputDim: 3,
        nClasses: 10,
        multidim: 1,
        train: 49500,
        evalPerEpoch: 10500,
      };
    case 'imdb':
      // The reference's sizes: 25k train, no val split, so val := test (25k evaluated twice).
      // olrd holds out 10% of train as val (22.5k / 2.5k / 25k): 10% fewer steps, less eval.
      return {
        time: 4096,
        inputDim: 135,
        nClasses: 2,
        multidim: 1,
        train: 25000,
        evalPerEpoch: 50000,
      };
    case 'listops':
      return {
        time: 2048,
        inputDim: 20,
        nClasses: 10,
        multidim: 1,
        train: 96000,
        evalPerEpoch: 4000,
      };
    default:
      throw new Error(
        `sweep-cost: no shape for dataset '${config.dataset}'; add it to datasetShape`,
      );
  }
}
