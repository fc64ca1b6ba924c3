/**
 * Where each real dataset comes from: official URLs, SHA-256 checksums where they are published
 * (or widely mirrored and cross-checked), the layout under the data folder, and what to do by hand
 * when there is no network. Isomorphic data only; `@olrd/data/node` downloads from it.
 *
 * Checksums: MNIST, Fashion-MNIST, CIFAR-10 and IMDB carry SHA-256 sums known for the official
 * files (the authors publish MD5 for Fashion-MNIST and CIFAR-10; the SHA-256 values are those
 * recorded by TensorFlow Datasets and torchvision and agree across independent projects). The LRA
 * archive has no published checksum: it is verified "trust on first download" — the first complete
 * download's SHA-256 is recorded in `<data dir>/checksums.json` and later downloads must match it.
 */

/** Identifier of a download source. */
export type DataSourceId = 'mnist' | 'fashion-mnist' | 'cifar10' | 'imdb' | 'lra';

/** One file to download. */
export interface RemoteFile {
  /** Path under the data folder, e.g. `mnist/train-images-idx3-ubyte.gz`. */
  readonly file: string;
  /** Official URL first, then mirrors. */
  readonly urls: readonly string[];
  /** Expected SHA-256 (lower-case hex); absent = trust on first download. */
  readonly sha256?: string;
  /** Expected size in bytes, when known. */
  readonly bytes?: number;
}

/** A download source and how its files are laid out locally. */
export interface DataSourceSpec {
  readonly id: DataSourceId;
  readonly title: string;
  readonly homepage: string;
  readonly files: readonly RemoteFile[];
  /** Approximate download size, for `olrd data list`. */
  readonly approximateBytes: number;
  /**
   * Read-only system folders that may hold the same files (folder under the data dir → absolute
   * folders), e.g. Debian's `dataset-fashion-mnist` package.
   */
  readonly systemFolders?: Readonly<Record<string, readonly string[]>>;
  /** Extra steps after the download (the LRA archive is unpacked selectively). */
  readonly unpack?: 'lra';
  /** What to do by hand (no network), in one paragraph. */
  readonly manual: string;
}

const MNIST_FILES: ReadonlyArray<[string, string, number]> = [
  [
    'train-images-idx3-ubyte.gz',
    '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609',
    9912422,
  ],
  [
    'train-labels-idx1-ubyte.gz',
    '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c',
    28881,
  ],
  [
    't10k-images-idx3-ubyte.gz',
    '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6',
    1648877,
  ],
  [
    't10k-labels-idx1-ubyte.gz',
    'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6',
    4542,
  ],
];

const FASHION_FILES: ReadonlyArray<[string, string, number]> = [
  [
    'train-images-idx3-ubyte.gz',
    '3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84',
    26421880,
  ],
  [
    'train-labels-idx1-ubyte.gz',
    'a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845',
    29515,
  ],
  [
    't10k-images-idx3-ubyte.gz',
    '346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073',
    4422102,
  ],
  [
    't10k-labels-idx1-ubyte.gz',
    '67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5',
    5148,
  ],
];

/** The download sources. */
export const DATA_SOURCES: Readonly<Record<DataSourceId, DataSourceSpec>> = {
  mnist: {
    id: 'mnist',
    title: 'MNIST (IDX files)',
    homepage: 'http://yann.lecun.com/exdb/mnist/',
    files: MNIST_FILES.map(([name, sha256, bytes]) => ({
      file: `mnist/${name}`,
      urls: [
        `https://storage.googleapis.com/cvdf-datasets/mnist/${name}`,
        `https://ossci-datasets.s3.amazonaws.com/mnist/${name}`,
        `http://yann.lecun.com/exdb/mnist/${name}`,
      ],
      sha256,
      bytes,
    })),
    approximateBytes: 11_594_722,
    manual:
      'copy the four MNIST IDX files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz; gzip or not) into <data dir>/mnist/',
  },
  'fashion-mnist': {
    id: 'fashion-mnist',
    title: 'Fashion-MNIST (IDX files)',
    homepage: 'https://github.com/zalandoresearch/fashion-mnist',
    files: FASHION_FILES.map(([name, sha256, bytes]) => ({
      file: `fashion-mnist/${name}`,
      urls: [
        `http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/${name}`,
        `https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/${name}`,
      ],
      sha256,
      bytes,
    })),
    approximateBytes: 30_878_645,
    systemFolders: { 'fashion-mnist': ['/usr/share/datasets/fashion-mnist'] },
    manual:
      "install Debian's dataset-fashion-mnist package (apt-get install dataset-fashion-mnist: files in /usr/share/datasets/fashion-mnist/), or copy the four Fashion-MNIST IDX files into <data dir>/fashion-mnist/",
  },
  cifar10: {
    id: 'cifar10',
    title: 'CIFAR-10 (binary version)',
    homepage: 'https://www.cs.toronto.edu/~kriz/cifar.html',
    files: [
      {
        file: 'cifar10/cifar-10-binary.tar.gz',
        urls: ['https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz'],
        sha256: 'c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd',
        bytes: 170052171,
      },
    ],
    approximateBytes: 170_052_171,
    manual:
      'put cifar-10-binary.tar.gz into <data dir>/cifar10/ (or its extracted cifar-10-batches-bin/ folder with data_batch_1.bin … data_batch_5.bin and test_batch.bin)',
  },
  imdb: {
    id: 'imdb',
    title: 'IMDB reviews (aclImdb v1)',
    homepage: 'https://ai.stanford.edu/~amaas/data/sentiment/',
    files: [
      {
        file: 'imdb/aclImdb_v1.tar.gz',
        urls: ['https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz'],
        sha256: 'c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe',
        bytes: 84125825,
      },
    ],
    approximateBytes: 84_125_825,
    manual: 'put aclImdb_v1.tar.gz into <data dir>/imdb/',
  },
  lra: {
    id: 'lra',
    title: 'Long Range Arena release (ListOps, AAN, Pathfinder, Path-X)',
    homepage: 'https://github.com/google-research/long-range-arena',
    files: [
      {
        file: 'lra/lra_release.gz',
        urls: ['https://storage.googleapis.com/long-range-arena/lra_release.gz'],
      },
    ],
    approximateBytes: 7_700_000_000,
    unpack: 'lra',
    manual:
      'download lra_release.gz (≈7.7 GB) into <data dir>/lra/ and run the download command again to unpack it, or extract it yourself so that <data dir>/lra/ holds listops-1000/, tsv_data/, pathfinder32/ and pathfinder128/ (a lra_release/ or lra_release/lra_release/ level in between is fine)',
  },
};

/** Folders under `<data dir>/lra/` where an extracted LRA release may sit. */
export const LRA_ROOTS: readonly string[] = [
  'lra',
  'lra/lra_release',
  'lra/lra_release/lra_release',
];

/** `relative` under each LRA root, for `DataStore.find`. */
export function lraCandidates(relative: string): string[] {
  return LRA_ROOTS.map((root) => `${root}/${relative}`);
}

/** The LRA archive members each task needs (a member matches when its path contains the prefix). */
export const LRA_MEMBER_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  listops: ['listops-1000/'],
  aan: ['tsv_data/'],
  pathfinder: ['pathfinder32/'],
  pathx: ['pathfinder128/'],
};
