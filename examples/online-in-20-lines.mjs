// A recurrent network learns a drifting stream online, one step at a time (docs/online-learning.md).
import { initBackend, tf } from '@olrd/tensor/node';
import { defaultArchitecture, initParams } from '@olrd/core';
import { OnlineLearner, PrequentialMeter, adam } from '@olrd/train';
import { driftStream } from '@olrd/data';

await initBackend('auto');
const stream = driftStream({ switchEvery: 2000 }); // y_t = x_{t−τ}[c]; (τ, c) switches every 2000 steps
const config = {
  ...defaultArchitecture,
  dInput: stream.inputDim,
  dModel: 32,
  dHidden: 16,
  nLayers: 2,
  nClasses: 2,
  multidim: 1,
  pDropout: 0,
};
const params = initParams(config, 0);
const learner = OnlineLearner.create({
  rule: 'online_full',
  config,
  params,
  optimizer: adam(3e-3),
  updateEvery: 1,
});
const meter = new PrequentialMeter(500);
let step = 0;
for (const { x, y, mask } of stream.steps()) {
  const { loss, correct, total } = learner.learnOne(x, y, mask); // predict, score, then learn
  meter.record(loss, correct, total);
  if (++step % 1000 === 0)
    console.log(
      `step ${step}: prequential accuracy ${(100 * meter.windowed.accuracy).toFixed(1)}%`,
    );
  if (step === Number(process.env.STEPS ?? 4000)) break;
}
learner.dispose();
tf.dispose(Object.values(params));
