import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChipLearner, type ChipLearnerOptions } from '../chip-learner.js';
import { chipTestConfig, chipTestParams, chipTestSequence } from '../chip-test-helpers.js';
import { fixedRaw, type FixedFormat } from '../number-format.js';
import { parsePrecision } from '../precision.js';
import { exportChipC } from './c-export.js';

const hasCc = spawnSync('cc', ['--version']).status === 0;
const STEPS = 1000;
const CHECKPOINTS = [1, 2, 10, 100, 500, STEPS];

/** A main() that replays the sequence and prints every array at the checkpoints. */
function harness(inputs: number[][], labels: (Int32Array | null)[], heads: number): string {
  const rows = inputs.map((x) => `{${x.join(', ')}}`).join(',\n');
  const targets = labels.map(
    (y) => `{${y === null ? Array(heads).fill(-1).join(', ') : y.join(', ')}}`,
  );
  return `#include <stdio.h>
#include "olrd.h"
static const olrd_s_t inputs[${inputs.length}][OLRD_D_INPUT] = {${rows}};
static const int32_t targets[${labels.length}][OLRD_HEADS] = {${targets.join(',\n')}};
static void dump(int step) {
  uint32_t a, i;
  for (a = 0; a < olrd_array_count; a++) {
    const olrd_array_t *array = &olrd_arrays[a];
    printf("%d %s", step, array->name);
    for (i = 0; i < array->length; i++) {
      long value = array->bytes_per_value == 1 ? ((const int8_t *)array->data)[i]
                 : array->bytes_per_value == 2 ? ((const int16_t *)array->data)[i]
                 : ((const int32_t *)array->data)[i];
      printf(" %ld", value);
    }
    printf("\\n");
  }
}
int main(void) {
  int t;
  for (t = 0; t < ${inputs.length}; t++) {
    if (targets[t][0] < 0) olrd_predict(inputs[t]); else olrd_step(inputs[t], targets[t]);
    if (${CHECKPOINTS.map((c) => `t + 1 == ${c}`).join(' || ')}) dump(t + 1);
  }
  return 0;
}
`;
}

function compareWithSimulator(options: ChipLearnerOptions): void {
  const dir = mkdtempSync(join(tmpdir(), 'olrd-c-'));
  try {
    const files = exportChipC(options);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const { xs, labels } = chipTestSequence(options.config, STEPS, 11, 5);
    const stateFormat = options.precision.state.format as FixedFormat;
    const rawInputs = xs.map((x) => Array.from(x, (v) => fixedRaw(stateFormat, v, 'nearest')));
    writeFileSync(join(dir, 'main.c'), harness(rawInputs, labels, options.config.multidim));
    execFileSync(
      'cc',
      [
        '-std=c99',
        '-O2',
        '-Wall',
        '-Wextra',
        '-Werror',
        '-pedantic',
        '-o',
        'run',
        'main.c',
        'olrd.c',
      ],
      { cwd: dir },
    );
    const lines = execFileSync(join(dir, 'run'), { cwd: dir, maxBuffer: 1 << 28 })
      .toString()
      .trim()
      .split('\n');
    const fromC = new Map<string, string>();
    for (const line of lines) {
      const [step, name, ...values] = line.split(' ');
      fromC.set(`${step} ${name}`, values.join(' '));
    }
    const learner = ChipLearner.create(options);
    let compared = 0;
    xs.forEach((x, t) => {
      learner.step(x, labels[t]!);
      if (!CHECKPOINTS.includes(t + 1)) return;
      for (const [name, data] of Object.entries(learner.rawArrays())) {
        const key = `${t + 1} ${name}`;
        expect(fromC.has(key), key).toBe(true);
        const ts = Array.from(data).join(' ');
        if (fromC.get(key) !== ts)
          throw new Error(`step ${t + 1} ${name}: C ${fromC.get(key)} vs TS ${ts}`);
        compared++;
      }
    });
    expect(compared).toBeGreaterThan(CHECKPOINTS.length * 20);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('exportChipC', () => {
  const config = chipTestConfig();
  const params = chipTestParams(config, 21);
  it.skipIf(!hasCc)('int8 + sgd: 1,000 steps agree bit for bit with the simulator', () => {
    compareWithSimulator({
      config,
      params,
      precision: parsePrecision('int8'),
      optimizer: { name: 'sgd', learningRate: 0.05 },
      seed: 3,
    });
  });
  it.skipIf(!hasCc)('every class stochastic, momentum and sign-sgd agree too', () => {
    const precision = parsePrecision(
      'params=q3.5:stochastic,state=q4.12:stochastic,traces=q6.10:stochastic,errors=q2.14:stochastic,accumulators=q8.24:stochastic,updates=q3.5:stochastic',
    );
    compareWithSimulator({
      config,
      params,
      precision,
      optimizer: { name: 'momentum', learningRate: 0.02, momentum: 0.9 },
      seed: 5,
    });
    compareWithSimulator({
      config: chipTestConfig({ nLayers: 1, multidim: 1, nClasses: 4, dModel: 5 }),
      params: chipTestParams(
        chipTestConfig({ nLayers: 1, multidim: 1, nClasses: 4, dModel: 5 }),
        2,
      ),
      precision: parsePrecision('int16'),
      optimizer: { name: 'sign-sgd', learningRate: 0.001 },
      seed: 1,
    });
  });
  it.runIf(!hasCc)('is skipped: no cc on this machine', () => {
    console.warn('exportChipC: cc not found, the C export was not compiled');
  });
  it('refuses float classes and adam', () => {
    const base = { config, params, optimizer: { name: 'sgd' as const, learningRate: 0.1 } };
    expect(() => exportChipC({ ...base, precision: parsePrecision('int8,errors=bf16') })).toThrow(
      /every class must be fixed point/,
    );
  });
  it('writes static arrays, no malloc and no float', () => {
    const files = exportChipC({
      config,
      params,
      precision: parsePrecision('int8'),
      optimizer: { name: 'sgd', learningRate: 0.05 },
    });
    const code = `${files['olrd.h']}${files['olrd.c']}`;
    expect(code).not.toMatch(/malloc|float|double|#include <(?!stdint)/);
    expect(files['olrd.c']).toContain('static olrd_p_t encoder_kernel[12] = {');
    expect(files['README.md']).toContain('olrd_step');
  });
});
