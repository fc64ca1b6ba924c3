/**
 * The model's cell and rules: which cell (and the RNN's ρ), one rule or two side by side, their
 * execution, tbptt's and dni's truncation and rtrl's memory bound. Rules that do not fit the cell or task
 * are listed but disabled, with the reason as their tooltip (lib/rule-choices.ts).
 */
import { WEB_CELLS, WEB_RNN_ACTIVATIONS, WEB_RULES, type RunSettings } from '../protocol.js';
import { ruleFacts } from '@olrd/rules/names';
import { ruleUnavailable, tiesWidth } from '../lib/rule-choices.js';
import { settingsForCell } from '../lib/task-views.js';
import { fieldLabel } from '../lib/settings-fields.js';
import { Field } from './Field.js';

type Rule = RunSettings['rules'][number];

const CELL_LABELS: Readonly<Record<RunSettings['layerCls'], string>> = {
  LRU: 'LRU (linear recurrent unit)',
  RNN: 'RNN: h = A·ρ(h) + B·u',
  GRU: 'GRU',
  LSTM: 'LSTM',
};

interface Props {
  settings: RunSettings;
  onChange: (settings: RunSettings) => void;
}

function RuleSelect(props: {
  id: string;
  value: string;
  settings: RunSettings;
  none?: boolean;
  onPick: (rule: Rule | undefined) => void;
}) {
  const { layerCls, task } = props.settings;
  return (
    <select
      id={props.id}
      value={props.value}
      onChange={(e) =>
        props.onPick(e.target.value === 'none' ? undefined : (e.target.value as Rule))
      }
    >
      {props.none && <option value="none">nothing</option>}
      {WEB_RULES.map((rule) => {
        const why = ruleUnavailable(rule, layerCls, task);
        return (
          <option key={rule} value={rule} disabled={why !== undefined} title={why}>
            {rule} — {ruleFacts(rule).hint}
          </option>
        );
      })}
    </select>
  );
}

export function ModelFields({ settings, onChange }: Props) {
  const set = <K extends keyof RunSettings>(key: K, value: RunSettings[K]) =>
    onChange({ ...settings, [key]: value });
  const [ruleA = 'online_full', ruleB] = settings.rules;
  const stream = settings.task === 'drift';
  const uses = (rule: Rule) => settings.rules.includes(rule);
  return (
    <>
      <Field label={fieldLabel('layerCls')}>
        <select
          id="cell"
          value={settings.layerCls}
          onChange={(e) =>
            onChange(settingsForCell(settings, e.target.value as RunSettings['layerCls']))
          }
        >
          {WEB_CELLS.map((cell) => (
            <option key={cell} value={cell}>
              {CELL_LABELS[cell]}
            </option>
          ))}
        </select>
      </Field>
      {settings.layerCls === 'RNN' && (
        <Field label={fieldLabel('rnnActivation')}>
          <select
            id="rnn-activation"
            value={settings.rnnActivation}
            onChange={(e) => set('rnnActivation', e.target.value as RunSettings['rnnActivation'])}
          >
            {WEB_RNN_ACTIVATIONS.map((rho) => (
              <option key={rho} value={rho}>
                {rho}
              </option>
            ))}
          </select>
        </Field>
      )}
      {tiesWidth(settings.layerCls) && (
        <p className="muted" data-testid="width-note">
          The {settings.layerCls}&apos;s output is its state, so N follows H.
        </p>
      )}
      <Field label={fieldLabel('rules')}>
        <RuleSelect
          id="rule-a"
          value={ruleA}
          settings={settings}
          onPick={(rule) => set('rules', [rule ?? ruleA, ...(ruleB ? [ruleB] : [])])}
        />
      </Field>
      <Field label="Side by side with">
        <RuleSelect
          id="rule-b"
          value={ruleB ?? 'none'}
          settings={settings}
          none
          onPick={(rule) => set('rules', [ruleA, ...(rule ? [rule] : [])])}
        />
      </Field>
      {settings.layerCls !== 'LRU' && (
        <p className="muted">
          online_full needs the LRU&apos;s diagonal recurrence; snap1 is its counterpart here.
        </p>
      )}
      <Field label={fieldLabel('execution')}>
        <select
          id="execution"
          value={settings.execution}
          disabled={stream}
          onChange={(e) => set('execution', e.target.value as RunSettings['execution'])}
        >
          <option value="streaming">streaming (one step at a time)</option>
          <option value="sequence">sequence (whole sequences)</option>
        </select>
      </Field>
      {(uses('tbptt') || uses('dni')) && (
        <Field label={fieldLabel('truncation')}>
          <input
            id="truncation"
            type="number"
            min={1}
            step={1}
            value={settings.truncation}
            onChange={(e) => set('truncation', Number(e.target.value))}
          />
        </Field>
      )}
      {uses('rtrl') && (
        <>
          <p className="note" data-testid="rtrl-note">
            rtrl is exact but keeps a sensitivity matrix of batch × states × parameters floats and
            takes one backward pass per state entry, batch element and step: for tiny models (e.g. 1
            layer, H = N = 8, batch 4). A larger model is refused with its size.
          </p>
          <Field label={fieldLabel('maxSensitivityMib')}>
            <input
              id="max-sensitivity"
              type="number"
              min={1}
              step={1}
              value={settings.maxSensitivityMib}
              onChange={(e) => set('maxSensitivityMib', Number(e.target.value))}
            />
          </Field>
        </>
      )}
    </>
  );
}
