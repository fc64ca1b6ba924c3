/** An error's message, with tfjs/WebGPU out-of-memory errors made explicit. */
export function describeError(error: unknown): string {
  const message =
    error instanceof Error ? `${error.name}: ${error.message}` : String(error ?? 'unknown error');
  if (/out of memory|allocation failed|OOM|Array buffer allocation/i.test(message))
    return `Out of memory: ${message}. Try a smaller batch, d_model or d_hidden, or another backend.`;
  return message;
}
