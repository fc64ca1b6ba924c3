/**
 * `multiTransform`: route each parameter to the transformation of its label (optax
 * `multi_transform`), e.g. Adam without decay for the recurrent group, AdamW for the rest.
 */
import type { Params } from '@olrd/core';
import type { GradientTransformation } from './gradient-transformation.js';
import type { OptState } from './tree.js';

function partition(
  tree: Params,
  labelOf: (name: string) => string,
  labels: readonly string[],
): Record<string, Params> {
  const groups: Record<string, Params> = Object.fromEntries(labels.map((label) => [label, {}]));
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
  return {
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
