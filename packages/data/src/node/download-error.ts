/**
 * Download failures, by kind: `offline` (no connection to any URL: the message says where to put
 * the files by hand), `http` (a server answered with an error status), `incomplete` (the
 * connection kept dropping; the partial file is kept for the next attempt) and `checksum` (the
 * complete file does not match its SHA-256; it is deleted).
 */
const downloadErrorBrand = Symbol.for('olrd.data.DownloadError');

/** What went wrong. */
export type DownloadErrorKind = 'offline' | 'http' | 'incomplete' | 'checksum';

/** A failed download; `kind` says why. */
export class DownloadError extends Error {
  readonly [downloadErrorBrand] = true;
  override readonly name = 'DownloadError';
  readonly kind: DownloadErrorKind;

  constructor(kind: DownloadErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }

  /** True for any `DownloadError`, from any copy of this package. */
  static isInstance(error: unknown): error is DownloadError {
    return typeof error === 'object' && error !== null && downloadErrorBrand in error;
  }
}

const OFFLINE_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** True when `error` (from `fetch`) means the host could not be reached at all. */
export function isUnreachable(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  const code = cause?.code ?? (error as { code?: string } | undefined)?.code;
  return (
    (code !== undefined && OFFLINE_CODES.has(code)) || (error as Error)?.name === 'TimeoutError'
  );
}
