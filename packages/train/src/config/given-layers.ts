/**
 * Which config layers a person typed. `resolveTrainConfig` refuses an option that does not apply
 * to the chosen rule (`--lambda` with bptt) only when a person gave it: through a flag, or a
 * config file with a value other than the default. Programmatic layers (the web app's, tests')
 * fill every key for every rule, and a run folder's `config.json` lists every key at its default,
 * so neither may trip the check. Layers are remembered in a WeakMap, so the objects stay plain
 * (equal to their keys and values, nothing hidden to copy or serialise).
 */
import type { TrainConfig } from './train-config.js';

/** Where a typed layer came from. */
export type GivenLayerOrigin =
  | { readonly kind: 'flags' }
  | {
      readonly kind: 'file';
      /** e.g. `"config file run.yaml"`, for messages. */
      readonly source: string;
    };

const origins = new WeakMap<object, GivenLayerOrigin>();

/** Records that a person typed `layer` (flags or a config file); returns `layer`. */
export function markGivenLayer<T extends Partial<TrainConfig>>(
  layer: T,
  origin: GivenLayerOrigin,
): T {
  origins.set(layer, origin);
  return layer;
}

/** Where `layer` was typed, or `undefined` for a layer built in code. */
export function givenLayerOrigin(layer: object): GivenLayerOrigin | undefined {
  return origins.get(layer);
}
