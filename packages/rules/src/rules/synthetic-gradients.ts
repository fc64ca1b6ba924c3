/**
 * The rules that train a synthesiser g(s) = s·K + b per layer, which predicts the future gradient
 * at the state (spec 2). Each forms its whole gradient, synthesisers included:
 *
 * - `bp_lambda`: one-step sensitivities driven by ℓ_t + s·ĝ_t; the synthesiser learns
 *   ĝ_t ≈ Σ_{τ>t} (γλ)^{τ−t−1}·∂ℓ_τ/∂s_t online by TD(λ)-style traces (spec 2 §9);
 * - `online_full_bp_lambda`: online_full within each layer, plus a BP(λ) synthesiser for the
 *   credit online_full truncates (what reaches the layer below);
 * - `dni`: tbptt, with the synthesiser's ĝ injected at each chunk boundary and regressed on the
 *   gradient that arrives there (Jaderberg et al. 2017; spec 2 §6.2).
 *
 * The maths is in bp-lambda/ (sequence: bp-lambda-sequence.ts, dni-sequence.ts; streaming:
 * bp-lambda-streaming.ts, hybrid-streaming.ts; the synthesiser: synthesiser-*.ts).
 */
import { sgStreamingRule, syntheticGradients } from '../bp-lambda/bp-lambda-gradients.js';
import { resolveSgOptions } from '../bp-lambda/sg-options.js';
import type { SyntheticGradientRuleName } from '../names/rule-table.js';
import { ruleFacts } from '../names/rule-table.js';
import { defineRule, type RuleDefinition } from '../rule-definition.js';

function syntheticGradientRule(name: SyntheticGradientRuleName): RuleDefinition {
  return defineRule({
    ...ruleFacts(name),
    gradients: ({ execution, params, config, batch, masks, synthetic, truncation }) =>
      syntheticGradients(name, execution, params, config, batch, masks, synthetic, truncation),
    // The learner's form (the tensor engine's); its checkpoints name the state under `state.`.
    ...(name === 'dni'
      ? {}
      : {
          streaming: ({ synthetic }) =>
            sgStreamingRule(name === 'online_full_bp_lambda', resolveSgOptions(synthetic, name)),
          statePrefix: 'state.',
        }),
  });
}

export const bpLambda = syntheticGradientRule('bp_lambda');
export const onlineFullBpLambda = syntheticGradientRule('online_full_bp_lambda');
export const dni = syntheticGradientRule('dni');
