/** Reading the app's metrics.jsonl in the e2e. */
import { readFileSync } from 'node:fs';

export interface MetricsLine {
  step: number;
  rule: string;
  execution: string;
  backend: string;
  loss: number;
  accuracy: number;
  tokensPerSecond: number;
  elapsedSeconds: number;
  alignment?: { cosine: number; relativeNorm: number; layers: number[] };
  seqLength: number;
  level?: Record<string, number>;
  regime?: number;
}

export function readMetrics(file: string): MetricsLine[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as MetricsLine);
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Mean loss of a rule's first and last `window` steps. */
export function lossBeforeAfter(lines: MetricsLine[], rule: string, window: number) {
  const losses = lines.filter((l) => l.rule === rule).map((l) => l.loss);
  return {
    steps: losses.length,
    first: losses[0] as number,
    before: mean(losses.slice(0, window)),
    after: mean(losses.slice(-window)),
  };
}
