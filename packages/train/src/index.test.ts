import { describe, expect, it } from 'vitest';
import * as train from './index.js';
import * as node from './node.js';

describe('@olrd/train entry points', () => {
  it('export the public API', () => {
    for (const name of [
      'train',
      'createOptimizer',
      'chain',
      'scaleByAdam',
      'addDecayedWeights',
      'scaleByLearningRate',
      'clipByGlobalNorm',
      'multiTransform',
      'multiSteps',
      'applyUpdates',
      'createLrSchedule',
      'paramGroup',
      'serializeSafetensors',
      'parseSafetensors',
      'loadCheckpoint',
      'serializeCheckpoint',
      'DEFAULT_TRAIN_CONFIG',
      'resolveTrainConfig',
      'parseConfigText',
      'configLayerFromFlags',
      'configFlagTable',
      'flagHelp',
      'readFlags',
      'checkRuleOptions',
      'ConfigError',
      'CheckpointError',
      'summarizeRun',
    ]) {
      expect(train).toHaveProperty(name);
    }
    for (const name of [
      'writeFileAtomic',
      'readConfigFile',
      'saveCheckpointFile',
      'loadCheckpointFile',
      'createRunFolder',
    ]) {
      expect(node).toHaveProperty(name);
    }
  });
});
