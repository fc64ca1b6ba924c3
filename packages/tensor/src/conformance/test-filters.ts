/**
 * Backend-specific skips of the conformance suite, in one place, each with its reason. A skip is
 * for a limitation of tfjs itself, never of olrd's kernels.
 */
import type { ResolvedBackendName } from '../node.js';

const FILTERS: Partial<Record<ResolvedBackendName, Record<string, string>>> = {
  webgpu: {
    // tfjs-backend-webgpu 4.22's Sum allocates a zero-size GPU buffer, which Dawn rejects
    // ("no overload matched for createBuffer"): any loss over an empty tensor fails there.
    'empty-gradient': 'tfjs-webgpu cannot reduce empty tensors',
  },
};

/** Why `feature` is skipped on `backend`, or undefined when it runs. */
export function skipReasonFor(backend: ResolvedBackendName, feature: string): string | undefined {
  return FILTERS[backend]?.[feature];
}
