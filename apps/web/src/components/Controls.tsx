/** The run's settings: task, cell, rules, execution, backend, sizes, and a checkpoint to start from. */
import { WEB_BACKENDS, WEB_RULES, type BackendStatus, type RunSettings } from '../protocol.js';
import { Field, FilePicker } from './Field.js';
import { TaskFields } from './TaskFields.js';

interface Props {
  settings: RunSettings;
  onChange: (settings: RunSettings) => void;
  backends?: BackendStatus[];
  disabled: boolean;
  checkpointName?: string;
  onCheckpointFile: (file: File | undefined) => void;
  dataFileNames: string[];
  onDataFiles: (files: File[]) => void;
}

type NumberKey =
  'nLayers' | 'dModel' | 'dHidden' | 'bsz' | 'lrBase' | 'seed' | 'alignEvery' | 'maxSteps';
type Rule = RunSettings['rules'][number];

const NUMBERS: [NumberKey, string, string, number][] = [
  ['nLayers', 'n-layers', 'Layers', 1],
  ['dModel', 'd-model', 'd_model (H)', 1],
  ['dHidden', 'd-hidden', 'd_hidden (N)', 1],
  ['bsz', 'bsz', 'Batch (parallel streams on the drifting stream)', 1],
  ['lrBase', 'lr', 'Learning rate', 0.0005],
  ['seed', 'seed', 'Seed', 1],
  ['alignEvery', 'align-every', 'Compare with BPTT every (steps, 0 = off)', 1],
  ['maxSteps', 'max-steps', 'Stop after (steps; stream steps on the stream; 0 = never)', 1],
];

export function Controls(props: Props) {
  const { settings, onChange, backends, disabled, checkpointName, onCheckpointFile } = props;
  const set = <K extends keyof RunSettings>(key: K, value: RunSettings[K]) =>
    onChange({ ...settings, [key]: value });
  const [ruleA = 'online_full', ruleB] = settings.rules;
  // An endless stream cannot be backpropagated through: online rules, streaming only.
  const stream = settings.task === 'drift';
  return (
    <fieldset className="controls" disabled={disabled}>
      <TaskFields
        settings={settings}
        onChange={onChange}
        dataFileNames={props.dataFileNames}
        onDataFiles={props.onDataFiles}
      />
      <Field label="Cell">
        <select id="cell" value="LRU" disabled>
          <option>LRU</option>
        </select>
      </Field>
      <Field label="Rule">
        <select
          id="rule-a"
          value={ruleA}
          onChange={(e) => set('rules', [e.target.value as Rule, ...(ruleB ? [ruleB] : [])])}
        >
          {WEB_RULES.map((r) => (
            <option key={r} value={r} disabled={stream && r === 'bptt'}>
              {r}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Side by side with">
        <select
          id="rule-b"
          value={ruleB ?? 'none'}
          onChange={(e) =>
            set('rules', [ruleA, ...(e.target.value === 'none' ? [] : [e.target.value as Rule])])
          }
        >
          <option value="none">nothing</option>
          {WEB_RULES.map((r) => (
            <option key={r} value={r} disabled={stream && r === 'bptt'}>
              {r}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Execution (online rules)">
        <select
          id="execution"
          value={settings.execution}
          disabled={stream}
          onChange={(e) => set('execution', e.target.value as RunSettings['execution'])}
        >
          <option value="streaming">streaming (OnlineLearner, one step at a time)</option>
          <option value="sequence">sequence (whole sequences)</option>
        </select>
      </Field>
      <Field label="Backend">
        <select
          id="backend"
          value={settings.backend}
          onChange={(e) => set('backend', e.target.value as RunSettings['backend'])}
        >
          {WEB_BACKENDS.map((b) => {
            const status = backends?.find((s) => s.name === b);
            return (
              <option key={b} value={b}>
                {b}
                {status && !status.available ? ' (unavailable)' : ''}
              </option>
            );
          })}
        </select>
      </Field>
      {NUMBERS.map(([key, id, label, step]) => (
        <Field key={key} label={label}>
          <input
            id={id}
            type="number"
            min={0}
            step={step}
            value={settings[key]}
            onChange={(e) => set(key, Number(e.target.value))}
          />
        </Field>
      ))}
      <Field label="Start from a checkpoint (.safetensors, e.g. from olrd train)">
        <FilePicker
          id="checkpoint-file"
          accept=".safetensors"
          onFiles={([file]) => onCheckpointFile(file)}
        />
      </Field>
      {checkpointName && (
        <p className="muted" data-testid="checkpoint-name">
          Starting from {checkpointName}{' '}
          <button type="button" onClick={() => onCheckpointFile(undefined)}>
            forget
          </button>
        </p>
      )}
    </fieldset>
  );
}
