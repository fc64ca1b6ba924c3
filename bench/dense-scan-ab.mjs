// One BPTT gradient of the reduced Table 3 model (2-layer linear RNN, H = 36, N = 32, B = 32,
// T = 784) with the fused dense-scan kernels and then with them unregistered (the stock-ops scan),
// in one process. Run alone from bench/: node dense-scan-ab.mjs [wasm|cpu] [rules, comma-separated]
import { performance } from 'node:perf_hooks';
import { initBackend, tf, OlrdDenseScan, OlrdDenseScanAdjoint } from '@olrd/tensor/node';
import { defaultArchitecture, initParams } from '@olrd/core';
import { computeGradients } from '@olrd/rules';
const backend = process.argv[2] ?? 'wasm';
await initBackend(backend);
const config = {
  ...defaultArchitecture,
  layerCls: 'RNN',
  rnnActivation: 'linear',
  dInput: 1,
  dModel: 36,
  dHidden: 32,
  nLayers: 2,
  nClasses: 10,
  multidim: 1,
  pooling: 'pool',
};
const params = initParams(config, 0);
const [B, T] = [32, 784];
const batch = {
  x: tf.randomNormal([B, T, 1]),
  y: tf.zeros([B, 1], 'int32'),
  mask: tf.ones([B, T]),
};
async function time(rule) {
  const t0 = performance.now();
  const r = computeGradients(rule, params, config, batch);
  const res = r instanceof Promise ? await r : r;
  await res.loss.data?.();
  const ms = performance.now() - t0;
  tf.dispose([res.loss, ...Object.values(res.grads), res.logProbs].filter(Boolean));
  return ms;
}
const kernels = [OlrdDenseScan, OlrdDenseScanAdjoint].map((k) => tf.getKernel(k, backend));
for (const rule of (process.argv[3] ?? 'bptt,online_1truncated').split(',')) {
  const fused = [await time(rule), await time(rule)];
  for (const k of [OlrdDenseScan, OlrdDenseScanAdjoint]) tf.unregisterKernel(k, backend);
  const composite = [await time(rule), await time(rule)];
  for (const k of kernels) tf.registerKernel(k);
  console.log(
    JSON.stringify({
      backend,
      rule,
      fusedMs: fused.map(Math.round),
      compositeMs: composite.map(Math.round),
    }),
  );
}
