/**
 * The checks of a run's model and rule that `train` would otherwise meet only after it loaded the
 * data and the CLI created the run folder: the cell's own constraints (`validateModelConfig`,
 * e.g. a GRU needs dHidden = dModel) and the rule-versus-cell ones (`ruleConfigProblem`, e.g.
 * online_full needs the LRU). Both are the functions that refuse later, so the wording is theirs.
 */
import { validateModelConfig } from '@olrd/core';
import { ruleConfigProblem } from '@olrd/rules';
import { modelConfigFor } from '../loop/model-config-for.js';
import { ConfigError } from './config-error.js';
import type { TrainConfig } from './train-config.js';

/**
 * Stand-in dataset sizes: the checks here depend on the architecture, not on the data. What does
 * depend on the data (the retrieval head of token-pair tasks, regression heads) is checked when
 * the dataset is loaded.
 */
const ANY_DATASET = { inputDim: 1, nClasses: 2, multidim: 1 } as const;

/**
 * Refuses a config whose model the cell cannot build or whose rule cannot train that cell.
 *
 * @throws ConfigError with the message of the check that failed.
 */
export function checkArchitecture(config: TrainConfig): void {
  const model = modelConfigFor(config, ANY_DATASET);
  try {
    validateModelConfig(model);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const problem = ruleConfigProblem(config.trainingMode, config.execution, model);
  if (problem !== undefined) throw new ConfigError(problem, 'trainingMode');
}
