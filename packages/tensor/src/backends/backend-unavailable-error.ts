/**
 * The one error `initBackend` throws: a named backend that cannot come up, or (for `auto`) every
 * candidate failing, with each backend's reason and what to install. Recognise it with
 * `BackendUnavailableError.isInstance(error)`, which also works across two copies of this package.
 */
import type { BackendName, ResolvedBackendName } from './backend-name.js';

const MARKER = Symbol.for('olrd.error.BackendUnavailableError');

/** Why one backend could not be initialised. */
export interface BackendFailure {
  /** The backend that failed. */
  readonly backend: ResolvedBackendName;
  /** What went wrong, e.g. "@tensorflow/tfjs-node is not installed". */
  readonly reason: string;
  /** What to install or change to make it work. */
  readonly hint: string;
}

/**
 * Thrown by `initBackend` when a backend cannot be initialised. An explicitly named backend never
 * falls back to another one; `auto` throws one combined error listing every candidate's failure.
 */
export class BackendUnavailableError extends Error {
  /** The name that was asked for (`auto` for the combined error). */
  readonly backend: BackendName;
  /** One entry per backend tried, in order. */
  readonly failures: readonly BackendFailure[];
  private readonly [MARKER] = true;

  /** Prefer {@link BackendUnavailableError.forBackend} and {@link BackendUnavailableError.combine}. */
  constructor(
    backend: BackendName,
    failures: readonly BackendFailure[],
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BackendUnavailableError';
    this.backend = backend;
    this.failures = Object.freeze([...failures]);
  }

  /** The error for one backend: "Backend 'cuda' is unavailable: {reason}. To use it: {hint}". */
  static forBackend(
    backend: ResolvedBackendName,
    reason: string,
    hint: string,
    cause?: unknown,
  ): BackendUnavailableError {
    const message = `Backend '${backend}' is unavailable: ${reason}. To use it: ${hint}`;
    return new BackendUnavailableError(
      backend,
      [{ backend, reason, hint }],
      message,
      cause === undefined ? undefined : { cause },
    );
  }

  /** The combined error of `auto`: one line per backend tried, with its reason and hint. */
  static combine(failures: readonly BackendFailure[]): BackendUnavailableError {
    const lines = failures.map((f) => `  - ${f.backend}: ${f.reason}. To use it: ${f.hint}`);
    const message = `No backend could be initialised for 'auto':\n${lines.join('\n')}`;
    return new BackendUnavailableError('auto', failures, message);
  }

  /** True when `error` is a `BackendUnavailableError` from any copy of `@olrd/tensor`. */
  static isInstance(error: unknown): error is BackendUnavailableError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as { [MARKER]?: unknown })[MARKER] === true
    );
  }
}
