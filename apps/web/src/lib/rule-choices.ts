/**
 * Which rules and sizes fit which cell and task, shared by the page (what the controls offer) and
 * the worker (what it refuses, with the same words). No tfjs here: the page's bundle imports it.
 *
 * - Which cells a rule trains is the rules' support table (`checkSupport` of @olrd/rules/names,
 *   in its words): e.g. `online_full` needs the LRU; `snap1` is its counterpart on every cell.
 * - The drifting stream is one endless sequence learnt by `OnlineLearner`, which runs the rules
 *   the table marks `learner` (the online rules and BP(λ)): no bptt, tbptt, rtrl or dni there.
 * - The GRU's and the LSTM's output is their state, so N follows H.
 */
import type { LayerClass } from '@olrd/core';
import {
  LEARNER_RULES,
  checkSupport,
  isLearnerRule,
  type LearnerRuleName,
  type RuleName,
} from '@olrd/rules/names';
import { WEB_RULES, type RunSettings, type WebTask } from '../protocol.js';

/** The rules `OnlineLearner` runs step by step (`LEARNER_RULES` of @olrd/rules). */
export const STREAM_RULES: readonly LearnerRuleName[] = LEARNER_RULES;

/** True for the rules `OnlineLearner` runs. */
export function isStreamRule(rule: RuleName): rule is LearnerRuleName {
  return isLearnerRule(rule);
}

/** Cells whose output is their state, so N must equal H. */
export function tiesWidth(layerCls: LayerClass): boolean {
  return layerCls === 'GRU' || layerCls === 'LSTM';
}

/** Why `rule` cannot run on `layerCls` for `task`, or undefined when it can. */
export function ruleUnavailable(
  rule: RuleName,
  layerCls: LayerClass,
  task: WebTask,
): string | undefined {
  // The cell only: the execution and the head are the worker's to check.
  const problem = checkSupport(rule, { layerCls }, 'sequence');
  if (problem !== undefined) return problem;
  if (task === 'drift' && !isStreamRule(rule)) {
    return rule === 'bptt'
      ? 'the drifting stream is one endless sequence: bptt needs whole sequences to backpropagate through; choose online rules'
      : `the drifting stream is one endless sequence, learnt step by step by OnlineLearner (${STREAM_RULES.join(', ')}); ${rule} runs on tasks of whole sequences`;
  }
  return undefined;
}

/** The rules the selectors offer for this cell and task, in WEB_RULES order. */
export function rulesFor(layerCls: LayerClass, task: WebTask): RuleName[] {
  return WEB_RULES.filter((rule) => ruleUnavailable(rule, layerCls, task) === undefined);
}

/** The nearest rule that fits: online_full → snap1 off the LRU; on the stream an online rule. */
function substitute(rule: RuleName, layerCls: LayerClass, task: WebTask): RuleName {
  if (ruleUnavailable(rule, layerCls, task) === undefined) return rule;
  if (rule === 'online_full_bp_lambda') return 'bp_lambda';
  return layerCls === 'LRU' ? 'online_full' : 'snap1';
}

/**
 * `settings` made consistent: rules that do not fit the cell or task replaced by their nearest
 * fit (a second one dropped when it has none or would then repeat the first), N = H for GRU and
 * LSTM, and streaming execution on the drifting stream.
 */
export function fitSettings(settings: RunSettings): RunSettings {
  const { layerCls, task } = settings;
  const [first, second] = settings.rules;
  const fitted = substitute(first ?? 'online_full', layerCls, task);
  const rules: RuleName[] = [fitted];
  if (second !== undefined) {
    const fits = ruleUnavailable(second, layerCls, task) === undefined;
    // On the stream there is no counterpart for a whole-sequence rule: it is dropped.
    const other = fits ? second : task === 'drift' ? undefined : substitute(second, layerCls, task);
    // A pair that a substitution made identical (online_full + snap1 off the LRU) is one rule.
    const merged = other === fitted && (other !== second || fitted !== first);
    if (other !== undefined && !merged) rules.push(other);
  }
  return {
    ...settings,
    rules,
    dHidden: tiesWidth(layerCls) ? settings.dModel : settings.dHidden,
    execution: task === 'drift' ? 'streaming' : settings.execution,
  };
}

/**
 * Throws an error saying what to choose when a rule does not fit the cell or task (the worker's
 * check: settings that did not come through the controls, or a checkpoint of another cell).
 */
export function checkRules(rules: readonly RuleName[], layerCls: LayerClass, task: WebTask): void {
  for (const rule of rules) {
    const why = ruleUnavailable(rule, layerCls, task);
    if (why !== undefined) throw new Error(why);
  }
}
