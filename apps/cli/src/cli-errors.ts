/**
 * How the CLI reports failures: user errors print one message (no stack trace) that names the
 * problem and the fix; usage errors (bad flags, bad config) exit 2, runtime errors exit 1.
 * `OLRD_DEBUG=1` adds the stack trace.
 */
import { DatasetOptionsError } from '@olrd/data';
import { ConfigError } from '@olrd/train';

const usageErrorBrand = Symbol.for('olrd.cli.UsageError');

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  readonly [usageErrorBrand] = true;
  override readonly name = 'UsageError';

  /** True for any `UsageError`. */
  static isInstance(error: unknown): error is UsageError {
    return typeof error === 'object' && error !== null && usageErrorBrand in error;
  }
}

/** Exit code for usage errors (bad flags or config). */
export const EXIT_USAGE = 2;
/** Exit code for runtime errors (unreadable files, unavailable backend, failed run). */
export const EXIT_RUNTIME = 1;

/** The message and exit code for an error thrown by a command. */
export function describeFailure(
  error: unknown,
  debug: boolean,
): { message: string; exitCode: number } {
  const usage =
    UsageError.isInstance(error) ||
    ConfigError.isInstance(error) ||
    DatasetOptionsError.isInstance(error);
  const text = error instanceof Error ? error.message : String(error);
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return { message: `olrd: error: ${text}${stack}`, exitCode: usage ? EXIT_USAGE : EXIT_RUNTIME };
}
