/**
 * Flags that say how a run uses its folder, shared by `olrd train` and `olrd stream`:
 * `--resume RUN_DIR`, `--overwrite` and `--checkpoint-every N|Ns|Nm|Nh`, as a flag table.
 */
import { defineFlag } from '@olrd/train';
import { UsageError } from '../cli-errors.js';

/** How often a run saves its resumable state: every `steps` steps or every `seconds` (0 = off). */
export interface CheckpointEvery {
  steps: number;
  seconds: number;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/**
 * Parses `--checkpoint-every`: a whole number of steps (`500`), or a duration (`30s`, `5m`, `1h`);
 * `0` turns periodic checkpoints off (the run still saves when it stops).
 *
 * @throws UsageError showing what was typed and the accepted forms.
 */
export function parseCheckpointEvery(text: string): CheckpointEvery {
  const match = /^(\d+(?:\.\d+)?)([smh]?)$/.exec(text.trim());
  const value = match ? Number(match[1]) : Number.NaN;
  if (!match || !Number.isFinite(value) || (match[2] === '' && !Number.isInteger(value)))
    throw new UsageError(
      `--checkpoint-every must be a number of steps (e.g. 500) or a duration (30s, 5m, 1h), got '${text}'`,
    );
  return match[2] === ''
    ? { steps: value, seconds: 0 }
    : { steps: 0, seconds: value * UNITS[match[2]!]! };
}

/** The run-folder flags, as rows of a flag table (`flagOptions`, `readFlags`, `flagHelp`). */
export const RUN_FOLDER_FIELDS = {
  resume: defineFlag<string>({
    type: { kind: 'custom', text: 'DIR', parse: (text) => text },
    group: 'run folder',
    description:
      "continue the run in DIR exactly where its checkpoint was; flags given with it must repeat the run's settings, except those that do not change what is computed (such as --backend)",
    default: '',
    defaultText: 'a new run',
  }),
  overwrite: defineFlag<boolean>({
    type: { kind: 'switch' },
    group: 'run folder',
    description: 'clear a non-empty --out folder first (a folder holding another run is refused)',
    default: false,
  }),
  checkpointEvery: defineFlag<CheckpointEvery>({
    type: { kind: 'custom', text: 'N|D', parse: parseCheckpointEvery },
    group: 'run folder',
    description:
      'save the resumable state every N steps or every duration D (30s, 5m, 1h; 0 = only when the run stops); always when it stops, Ctrl-C included',
    // A crash loses at most this much training.
    default: { steps: 0, seconds: 300 },
    defaultText: '5m',
  }),
};

/** Human form of a cadence, for the start-up line. */
export function describeCheckpointEvery(every: CheckpointEvery): string {
  if (every.steps > 0) return `every ${every.steps} steps`;
  if (every.seconds > 0) return `every ${every.seconds} s`;
  return 'when the run stops';
}

/** `--resume` and `--overwrite` exclude each other. */
export function checkRunFolderFlags(values: Readonly<Record<string, unknown>>): void {
  if (values['resume'] !== undefined && values['overwrite'] === true)
    throw new UsageError(
      '--resume continues the run in that folder and --overwrite clears it: give one of them',
    );
}
