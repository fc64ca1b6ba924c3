/**
 * `multiTransform`: route each parameter to the transformation of its label (optax
 * `multi_transform`), e.g. Adam without decay for the recurrent group, AdamW for the rest.
 */
import type { Params } from '@olrd/core';
import type { ArrayOptState, ArrayParams, ArrayTransformation } from '@olrd/core/spec';
import type { GradientTransformation } from './gradient-transformation.js';
import type { OptState } from './tree.js';

function partition<T>(
  tree: Record<string, T>,
  labelOf: (name: string) => string,
  labels: readonly string[],
): Record<string, Record<string, T>> {
  const groups: Record<string, Record<string, T>> = Object.fromEntries(
    labels.map((label) => [label, {}]),
  );
  for (const [name, tensor] of Object.entries(tree)) {
    const label = labelOf(name);
    const group = groups[label];
    if (!group) {
      throw new Error(
        `multiTransform: parameter '${name}' has label '${label}'; known labels: ${labels.join(', ')}`,
      );
    }
    group[name] = tensor;
  }
  return groups;
}

/**
 * @param transforms - label → transformation
 * @param labelOf - parameter name → label (must be a key of `transforms`)
 * @throws Error naming the parameter when its label has no transformation.
 */
export function multiTransform(
  transforms: Readonly<Record<string, GradientTransformation>>,
  labelOf: (name: string) => string,
): GradientTransformation<Record<string, OptState>> {
  const labels = Object.keys(transforms);
  const parts = labels.map((label) => transforms[label]!.arrays);
  return {
    arrays: parts.every((part) => part !== undefined)
      ? multiTransformArrays(labels, parts, labelOf)
      : undefined,
    init(params) {
      const groups = partition(params, labelOf, labels);
      return Object.fromEntries(
        labels.map((label) => [label, transforms[label]!.init(groups[label]!)]),
      );
    },
    update(updates, state, params) {
      const groups = partition(updates, labelOf, labels);
      const paramGroups = params ? partition(params, labelOf, labels) : undefined;
      const out: Params = {};
      const nextState: Record<string, OptState> = {};
      for (const label of labels) {
        const [groupUpdates, groupState] = transforms[label]!.update(
          groups[label]!,
          state[label]!,
          paramGroups?.[label],
        );
        Object.assign(out, groupUpdates);
        nextState[label] = groupState;
      }
      return [out, nextState];
    },
  };
}

/** The array form: each label's part transforms its group's arrays in place. */
function multiTransformArrays(
  labels: readonly string[],
  parts: readonly ArrayTransformation[],
  labelOf: (name: string) => string,
): ArrayTransformation {
  return {
    init(params) {
      const groups = partition<Float32Array>(params, labelOf, labels);
      return Object.fromEntries(labels.map((label, i) => [label, parts[i]!.init(groups[label]!)]));
    },
    update(updates, state, params) {
      const groups = partition<Float32Array>(updates, labelOf, labels);
      const paramGroups: Record<string, ArrayParams> | undefined = params
        ? partition<Float32Array>(params, labelOf, labels)
        : undefined;
      const states = state as Record<string, ArrayOptState>;
      return Object.fromEntries(
        labels.map((label, i) => [
          label,
          parts[i]!.update(groups[label]!, states[label]!, paramGroups?.[label]),
        ]),
      );
    },
  };
}
