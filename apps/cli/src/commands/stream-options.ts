/**
 * `olrd stream`'s flags (stream-flags.ts) parsed and validated into one typed record, and the
 * saved options of a run folder read into the same record, whichever names it was written with.
 */
import { defaultHiddenSize } from '@olrd/core';
import type { LearnerRuleName } from '@olrd/rules';
import {
  checkRuleOptions,
  configLayerFromFlags,
  flagDefaults,
  flagOptions,
  readFlags,
} from '@olrd/train';
import { UsageError } from '../cli-errors.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { checkRunFolderFlags } from './run-flags.js';
import {
  SHARED_FLAGS,
  STREAM_FLAGS,
  STREAM_ONLY_FLAGS,
  type StreamFlagValues,
} from './stream-flags.js';

/** The resolved options of a streaming run: one per flag, by the key it sets. */
export type StreamOptions = Omit<StreamFlagValues, 'trainingMode'> & {
  /** The table admits only {@link LEARNER_RULES}. */
  trainingMode: LearnerRuleName;
  /** The options the command line set explicitly (the rest are defaults). */
  given: ReadonlyArray<keyof StreamFlagValues>;
};

/** Parses `olrd stream` flags; `undefined` after `--help`. */
export function parseStreamOptions(
  args: readonly string[],
  help: () => string,
): StreamOptions | undefined {
  const values = parseCommandArgs(
    args,
    { ...flagOptions(STREAM_FLAGS), help: { type: 'boolean', short: 'h' } },
    'olrd stream',
  );
  if (values.help) {
    process.stdout.write(help());
    return undefined;
  }
  checkRunFolderFlags(values);
  // The shared keys as a config layer typed by a person, so train's rule-option check applies.
  const shared = configLayerFromFlags(values, SHARED_FLAGS);
  const own = readFlags(STREAM_ONLY_FLAGS, values).values;
  const options = {
    ...flagDefaults(STREAM_FLAGS),
    ...shared,
    ...own,
    given: [...Object.keys(shared), ...Object.keys(own)] as Array<keyof StreamFlagValues>,
  } as StreamOptions;
  // GRU and LSTM output their state, so N = H unless the user says otherwise (and is then told).
  if (shared.dHidden === undefined)
    options.dHidden = defaultHiddenSize(options.layerCls, options.dModel, options.dHidden);
  // online_full needs the LRU's diagonal recurrence; SnAp-1 is its counterpart for any cell.
  if (options.layerCls !== 'LRU' && shared.trainingMode === undefined)
    options.trainingMode = 'snap1';
  checkRuleOptions(options, [shared]);
  if (options.updateEvery === 'sequence' && options.task === 'drift') {
    throw new UsageError(
      '--update-every sequence needs sequences; the drift stream is one endless sequence: use a number of steps',
    );
  }
  return options;
}

/** The key each old spelling stands for (`rule` → `trainingMode`, `lr` → `lrBase`). */
const KEY_OF_ALIAS = new Map(
  Object.entries(STREAM_FLAGS).flatMap(([key, field]) =>
    (field.aliases ?? []).map((alias) => [alias, key] as const),
  ),
);

/**
 * The options a run folder's config.json holds, under today's keys: a folder written before
 * `olrd stream` took `olrd train`'s flag names has `rule`, `batchSize` and `lr`, read as the
 * keys they are aliases of (in `given` too). `upgraded` is true when a key was renamed, so
 * that the caller writes config.json back with the new keys.
 */
export function readSavedStreamOptions(saved: Readonly<Record<string, unknown>>): {
  options: StreamOptions & Record<string, unknown>;
  upgraded: boolean;
} {
  const keyOf = (name: string) => KEY_OF_ALIAS.get(name) ?? name;
  const options: Record<string, unknown> = {};
  let upgraded = false;
  for (const [name, value] of Object.entries(saved)) {
    const key = keyOf(name);
    if (key !== name) {
      upgraded = true;
      // Where both spellings are there, the new key is the one a later olrd wrote.
      if (Object.hasOwn(saved, key)) continue;
    }
    options[key] =
      key === 'given' && Array.isArray(value)
        ? value.map((given: unknown) => (typeof given === 'string' ? keyOf(given) : given))
        : value;
  }
  return { options: options as StreamOptions & Record<string, unknown>, upgraded };
}
