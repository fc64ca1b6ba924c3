/** Command-line options of `pnpm bench`. */
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Backends to measure (default: every available one). */
  backends: string[] | null;
  /** Fewer repetitions and shorter sequences, for a smoke run. */
  quick: boolean;
  /** Skip the PyTorch peer. */
  noPeer: boolean;
  /** Where the JSON results go. */
  out: string;
  /** Sections to run (default: all). */
  only: Set<BenchSection>;
  /** sweep-cost: only the paper sweeps whose file name contains one of these (default: all). */
  sweeps: string[] | null;
}

export const BENCH_SECTIONS = [
  'throughput',
  'latency',
  'memory',
  'rules',
  'traces',
  'eval-memory',
  'sweep-cost',
  'peer',
] as const;
export type BenchSection = (typeof BENCH_SECTIONS)[number];

const USAGE = `usage: pnpm bench [--backends cpu,wasm,webgpu] [--quick] [--no-peer] [--only ${BENCH_SECTIONS.join(',')}] [--out bench/results.json] [--sweeps table2_sCIFAR,table3]`;

export function parseBenchOptions(argv: string[]): BenchOptions {
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        backends: { type: 'string' },
        quick: { type: 'boolean', default: false },
        'no-peer': { type: 'boolean', default: false },
        out: { type: 'string', default: 'bench/results.json' },
        only: { type: 'string' },
        sweeps: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const only = new Set<BenchSection>(
      values.only === undefined
        ? BENCH_SECTIONS
        : values.only.split(',').map((name) => {
            const section = name.trim() as BenchSection;
            if (!BENCH_SECTIONS.includes(section))
              throw new Error(
                `unknown section '${name}' in --only: use ${BENCH_SECTIONS.join(', ')}`,
              );
            return section;
          }),
    );
    return {
      only,
      backends:
        values.backends === undefined
          ? null
          : values.backends
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
      sweeps:
        values.sweeps === undefined
          ? null
          : values.sweeps
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
      quick: values.quick ?? false,
      noPeer: (values['no-peer'] ?? false) || !only.has('peer'),
      out: values.out ?? 'bench/results.json',
    };
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}
