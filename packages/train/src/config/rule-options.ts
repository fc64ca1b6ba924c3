/**
 * Options that only some learning rules read (BP(λ)'s γ and λ, the synthesisers' weight and
 * rate, the truncation, RTRL's memory bound). Given for a rule that ignores them, they would
 * change nothing without a word, so a typed one is refused, with `olrd stream`'s wording.
 */
import { SYNTHETIC_GRADIENT_RULES, type RuleName } from '@olrd/rules';
import { ConfigError } from './config-error.js';
import { toKebabCase } from './config-keys.js';
import { givenLayerOrigin } from './given-layers.js';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from './train-config.js';

/** The rules that read an option, and how to name them. */
interface RuleOption {
  readonly rules: readonly RuleName[];
  readonly what: string;
}

const BP_LAMBDA: RuleOption = {
  rules: ['bp_lambda', 'online_full_bp_lambda'],
  what: 'the BP(λ) rules',
};
const SYNTHESISER: RuleOption = {
  rules: SYNTHETIC_GRADIENT_RULES,
  what: 'the synthetic-gradient rules',
};

/** Every rule-specific option and the rules that read it. */
export const RULE_OPTIONS: Readonly<Partial<Record<keyof TrainConfig, RuleOption>>> = {
  gamma: BP_LAMBDA,
  lambda: BP_LAMBDA,
  sgWeight: SYNTHESISER,
  synthLr: SYNTHESISER,
  truncation: { rules: ['tbptt', 'dni'], what: 'the truncated rules' },
  maxSensitivityMib: { rules: ['rtrl'], what: 'exact RTRL' },
};

/** "a", "a or b", "a, b or c". */
function orList(names: readonly string[]): string {
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/**
 * Refuses a rule-specific option that `config.trainingMode` does not read, when a person gave it:
 * any value of a flag layer, a non-default value of a config-file layer (a run folder's
 * `config.json` holds every key at its default). Layers built in code are not checked.
 *
 * @throws ConfigError naming the option, the rules that read it and the rule chosen.
 */
export function checkRuleOptions(
  config: Pick<TrainConfig, 'trainingMode'>,
  layers: ReadonlyArray<Partial<TrainConfig>>,
): void {
  const rule = config.trainingMode;
  for (const layer of layers) {
    const origin = givenLayerOrigin(layer);
    if (origin === undefined) continue;
    for (const [name, value] of Object.entries(layer)) {
      const key = name as keyof TrainConfig;
      const option = RULE_OPTIONS[key];
      if (option === undefined || value === undefined || option.rules.includes(rule)) continue;
      if (origin.kind === 'file' && value === DEFAULT_TRAIN_CONFIG[key]) continue;
      throw new ConfigError(
        origin.kind === 'flags'
          ? `--${toKebabCase(key)} is for ${option.what} (--rule ${orList(option.rules)}), not ${rule}: drop it or choose one of those rules`
          : `${origin.source}: ${key} is for ${option.what} (trainingMode ${orList(option.rules)}), not ${rule}: remove it or choose one of those rules`,
        key,
      );
    }
  }
}
