/** `sweep.json`: what `olrd sweep` writes at a sweep's first start and `olrd report` reads. */
import type { SweepJob, SweepSpec } from '@olrd/train';

/** The file name inside a sweep folder. */
export const SWEEP_RECORD_FILE = 'sweep.json';

/** A sweep's jobs as they were expanded at its first start. */
export interface SweepRecord {
  name: string;
  file: string;
  method: SweepSpec['method'];
  metric: SweepSpec['metric'];
  jobs: Array<Pick<SweepJob, 'id' | 'values'>>;
  /** The second stage (--then-seeds), once it has been derived from the scan. */
  then?: { seeds: number[]; jobs: Array<Pick<SweepJob, 'id' | 'values'>> };
  /** The sweep's key in a BullMQ queue, from its first start with --queue. */
  queueKey?: string;
}
