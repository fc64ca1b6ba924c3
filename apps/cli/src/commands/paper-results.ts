/**
 * The paper's Tables 1–3 as `olrd report --table N` lays them out: which sweeps make a column
 * (spec 1 §7), what a column is called, and the test accuracies the authors report (spec 1 §9,
 * mean ± std over 3 seeds, in %). Spec 1 gives no numbers for Table 1 (the copy task), so its
 * cells stand alone.
 */

/** The paper's tables. */
export const PAPER_TABLES = ['1', '2', '3'] as const;

/** One of {@link PAPER_TABLES}. */
export type PaperTable = (typeof PAPER_TABLES)[number];

/** What fixes a column: the task and the architecture (from a job's config). */
export interface ColumnKey {
  dataset: string;
  layerCls: string;
  nLayers: number;
}

const DATASET_LABELS: Record<string, string> = {
  scifar: 'sCIFAR',
  imdb: 'IMDB',
  listops: 'ListOps',
};

/**
 * The offline stand-ins for sCIFAR (issue #19: where CIFAR-10 cannot be downloaded, sequential and
 * permuted Fashion-MNIST take its column, and the paper's sCIFAR figures sit beside them).
 */
const SCIFAR_STAND_INS: Record<string, string> = {
  sfmnist: 'sFMNIST (for sCIFAR)',
  psfmnist: 'psFMNIST (for sCIFAR)',
};
const ARCHITECTURE_LABELS: Record<string, string> = { RNN: 'linear RNN' };

/** Each table's caption, the columns it accepts (a reason when not) and their labels. */
export const TABLE_KINDS: Record<
  PaperTable,
  {
    caption: string;
    wants: string;
    accepts: (key: ColumnKey) => boolean;
    label: (key: ColumnKey) => string;
    /** The paper's column whose figures sit beside (a stand-in task's original). */
    paperColumn: (key: ColumnKey) => string;
  }
> = {
  '1': {
    caption: 'copy task, one column per architecture',
    wants:
      'a copy-task sweep (table1_lru, table1_linearrnn, table1_gru_4layers, table1_gru_1layer)',
    accepts: (key) => key.dataset === 'copy',
    label: (key) =>
      `${ARCHITECTURE_LABELS[key.layerCls] ?? key.layerCls} (${key.nLayers} layer${key.nLayers === 1 ? '' : 's'})`,
    paperColumn: () => '',
  },
  '2': {
    caption: 'Long Range Arena, 4-layer LRU',
    wants:
      'an LRU sweep on scifar, imdb or listops, or sfmnist / psfmnist for scifar (table2_sCIFAR, table2_IMDB, table2_ListOps and their _online_full folders)',
    accepts: (key) =>
      key.layerCls === 'LRU' && (key.dataset in DATASET_LABELS || key.dataset in SCIFAR_STAND_INS),
    label: (key) => DATASET_LABELS[key.dataset] ?? SCIFAR_STAND_INS[key.dataset]!,
    paperColumn: (key) => DATASET_LABELS[key.dataset] ?? 'sCIFAR',
  },
  '3': {
    caption: 'sCIFAR, 4-layer linear RNN',
    wants: 'a linear-RNN sweep on scifar, or sfmnist / psfmnist for it (table3, table3_snap1)',
    accepts: (key) =>
      key.layerCls === 'RNN' && (key.dataset === 'scifar' || key.dataset in SCIFAR_STAND_INS),
    label: (key) =>
      key.dataset === 'scifar'
        ? 'sCIFAR (linear RNN)'
        : `${SCIFAR_STAND_INS[key.dataset]!.replace(')', ', linear RNN)')}`,
    paperColumn: () => 'sCIFAR (linear RNN)',
  },
};

/** A reported figure: test accuracy in %. */
export interface PaperFigure {
  mean: number;
  std: number;
}

/** Spec 1 §9, by table, column label and rule. */
export const PAPER_FIGURES: Record<PaperTable, Record<string, Record<string, PaperFigure>>> = {
  '1': {},
  '2': {
    sCIFAR: {
      online_spatial: { mean: 58.2, std: 0.7 },
      online_1truncated: { mean: 60.01, std: 1.26 },
      online_full: { mean: 79.59, std: 1.01 },
      bptt: { mean: 83.4, std: 1.54 },
    },
    IMDB: {
      online_spatial: { mean: 83.5, std: 0.2 },
      online_1truncated: { mean: 84.04, std: 0.47 },
      online_full: { mean: 86.48, std: 0.41 },
      bptt: { mean: 87.69, std: 0.39 },
    },
    ListOps: {
      online_spatial: { mean: 32.02, std: 0.2 },
      online_1truncated: { mean: 31.88, std: 0.59 },
      online_full: { mean: 37.62, std: 0.68 },
      bptt: { mean: 39.75, std: 0.17 },
    },
  },
  '3': {
    'sCIFAR (linear RNN)': {
      online_spatial: { mean: 50.63, std: 0.23 },
      online_1truncated: { mean: 50.53, std: 0.43 },
      snap1: { mean: 63.71, std: 0.33 },
      bptt: { mean: 65.23, std: 0.56 },
    },
  },
};

/** The rows' order: the paper's, from the least to the most exact credit assignment. */
export const RULE_ORDER = ['online_spatial', 'online_1truncated', 'snap1', 'online_full', 'bptt'];
