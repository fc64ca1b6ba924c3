/**
 * Test helpers for packages built on `@olrd/tensor` (the `./testing` subpath): a tensor-leak guard
 * and a float64 reference of `diagScan`. Framework-free: failures are thrown as plain errors.
 */
export { expectNoLeak } from './testing/expect-no-leak.js';
export { diagScanReference } from './testing/diag-scan-reference.js';
export type { ComplexArrays } from './testing/diag-scan-reference.js';
