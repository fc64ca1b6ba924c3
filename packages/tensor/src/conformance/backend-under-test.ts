/**
 * Sets up the backend a conformance project tests (OLRD_TEST_BACKEND, default cpu). A missing
 * WebGPU adapter skips the webgpu project with what to install, unless OLRD_REQUIRE_WEBGPU=1
 * (CI), where it is a failure. On webgpu, CPU forwarding of tiny inputs is turned off so that
 * every test really dispatches the WGSL program; one test turns it back on.
 */
import {
  tf,
  BackendUnavailableError,
  initBackend,
  isBackendName,
  type ResolvedBackendName,
} from '../node.js';

/** The backend under test, or why its tests are skipped. */
export interface BackendUnderTest {
  readonly name: ResolvedBackendName;
  /** Set when the backend is missing and that is allowed: the message for the skipped suite. */
  readonly skipReason?: string;
}

/** Reads OLRD_TEST_BACKEND and initialises it. */
export async function setUpBackendUnderTest(): Promise<BackendUnderTest> {
  const requested = process.env.OLRD_TEST_BACKEND ?? 'cpu';
  if (!isBackendName(requested) || requested === 'auto')
    throw new Error(`OLRD_TEST_BACKEND='${requested}' is not a backend name`);
  try {
    await initBackend(requested);
  } catch (error) {
    const optional = requested === 'webgpu' && process.env.OLRD_REQUIRE_WEBGPU !== '1';
    if (!optional || !BackendUnavailableError.isInstance(error)) throw error;
    const skipReason = `${error.message} (set OLRD_REQUIRE_WEBGPU=1 to make this a failure)`;
    console.warn(`[webgpu conformance skipped] ${skipReason}`);
    return { name: requested, skipReason };
  }
  if (requested === 'webgpu') tf.env().set('WEBGPU_CPU_FORWARD', false);
  return { name: requested };
}
