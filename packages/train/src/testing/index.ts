/**
 * `@olrd/train/testing`: test doubles other packages' tests share with train's own (the web app's
 * streaming-learner tests and the learner tests here), instead of each writing its own.
 */
export { spyOptimizer } from './spy-optimizer.js';
