/** A plain summary of a dataset (`olrd data inspect --json`): sizes, shapes and label counts. */
import type { Dataset } from '../types.js';
import { labelHistogram } from './label-histogram.js';

/** What `describeDataset` reports. */
export interface DatasetSummary {
  readonly name: string;
  readonly description: string;
  readonly kind: Dataset['kind'];
  readonly seqLength: number;
  readonly inputDim: number;
  readonly nClasses: number;
  readonly multidim: number;
  readonly encoding: string;
  readonly splits: Readonly<Record<'train' | 'val' | 'test', { size: number; labels?: number[] }>>;
  readonly labelNames?: readonly string[];
  readonly options: Readonly<Record<string, unknown>>;
}

/** Summarises `dataset`; label histograms for classification datasets. */
export function describeDataset(dataset: Dataset): DatasetSummary {
  const split = (which: 'train' | 'val' | 'test') => {
    const data = dataset[which];
    return dataset.kind === 'classification'
      ? { size: data.size, labels: labelHistogram(data, dataset.nClasses) }
      : { size: data.size };
  };
  return {
    name: dataset.name,
    description: dataset.description,
    kind: dataset.kind,
    seqLength: dataset.seqLength,
    inputDim: dataset.inputDim,
    nClasses: dataset.nClasses,
    multidim: dataset.multidim,
    encoding: dataset.train.encoding,
    splits: { train: split('train'), val: split('val'), test: split('test') },
    ...(dataset.labelNames ? { labelNames: dataset.labelNames } : {}),
    options: dataset.options,
  };
}
