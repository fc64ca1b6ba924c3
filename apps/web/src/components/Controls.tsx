/** The run's settings: task, cell, rules, execution, backend, sizes, and a checkpoint to start from. */
import { WEB_BACKENDS, type BackendStatus, type RunSettings } from '../protocol.js';
import { tiesWidth } from '../lib/rule-choices.js';
import { settingsForWidth } from '../lib/task-views.js';
import { fieldLabel } from '../lib/settings-fields.js';
import { Field, FilePicker } from './Field.js';
import { ModelFields } from './ModelFields.js';
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

const NUMBERS: [NumberKey, string, number][] = [
  ['nLayers', 'n-layers', 1],
  ['dModel', 'd-model', 1],
  ['dHidden', 'd-hidden', 1],
  ['bsz', 'bsz', 1],
  ['lrBase', 'lr', 0.0005],
  ['seed', 'seed', 1],
  ['alignEvery', 'align-every', 1],
  ['maxSteps', 'max-steps', 1],
];

export function Controls(props: Props) {
  const { settings, onChange, backends, disabled, checkpointName, onCheckpointFile } = props;
  const set = <K extends keyof RunSettings>(key: K, value: RunSettings[K]) =>
    onChange({ ...settings, [key]: value });
  const tied = tiesWidth(settings.layerCls);
  return (
    <fieldset className="controls" disabled={disabled}>
      <TaskFields
        settings={settings}
        onChange={onChange}
        dataFileNames={props.dataFileNames}
        onDataFiles={props.onDataFiles}
      />
      <ModelFields settings={settings} onChange={onChange} />
      <Field label={fieldLabel('backend')}>
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
      {NUMBERS.map(([key, id, step]) => (
        <Field key={key} label={fieldLabel(key)}>
          <input
            id={id}
            type="number"
            min={0}
            step={step}
            value={settings[key]}
            // GRU and LSTM: N follows H (their output is their state).
            disabled={key === 'dHidden' && tied}
            onChange={(e) =>
              key === 'dModel'
                ? onChange(settingsForWidth(settings, Number(e.target.value)))
                : set(key, Number(e.target.value))
            }
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
