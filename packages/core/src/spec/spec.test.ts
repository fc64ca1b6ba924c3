import { describe, expect, it } from 'vitest';
import { lruCell } from '../cells/index.js';
import type {
  Cell,
  GradientTransformation,
  SpecificationVersion,
  StreamingEngine,
} from './index.js';

describe('the interface specification', () => {
  it('is types only: importing it yields no runtime value', async () => {
    const spec = (await import('./index.js')) as Record<string, unknown>;
    expect(Object.keys(spec)).toEqual([]);
  });

  it('is what the built-in cells implement', () => {
    const cell: Cell = lruCell;
    expect(cell.specificationVersion ?? 'v1').toBe('v1');
  });

  it('accepts the current version and refuses any other at compile time', () => {
    const current: SpecificationVersion = 'v1';
    // @ts-expect-error -- 'v2' is not a version of this specification
    const future: SpecificationVersion = 'v2';
    const identity: GradientTransformation<number> = {
      specificationVersion: current,
      init: () => 0,
      update: (updates, count) => [updates, count + 1],
    };
    expect(identity.init({})).toBe(0);
    expect(future).toBe('v2');
    // An engine for a rule this package does not know is still a StreamingEngine (rule: string).
    const rule: StreamingEngine['rule'] = 'my_rule';
    expect(rule).toBe('my_rule');
  });
});
