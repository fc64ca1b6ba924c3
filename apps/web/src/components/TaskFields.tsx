/** The task and its own settings (pattern length, stream settings, ListOps length, IDX files). */
import { WEB_TASKS, type RunSettings, type WebTask } from '../protocol.js';
import { settingsForTask } from '../lib/task-views.js';
import { fieldLabel } from '../lib/settings-fields.js';
import { Field, FilePicker } from './Field.js';

interface Props {
  settings: RunSettings;
  onChange: (settings: RunSettings) => void;
  dataFileNames: string[];
  onDataFiles: (files: File[]) => void;
}

type NumberKey = 'patternLength' | 'switchEvery' | 'updateEvery' | 'listopsLength';

export function TaskFields({ settings, onChange, dataFileNames, onDataFiles }: Props) {
  // The label of settings-fields.ts, with what follows from the value (e.g. "(T = 28)").
  const number = (key: NumberKey, id: string, min: number, note = '') => (
    <Field label={`${fieldLabel(key)}${note}`}>
      <input
        id={id}
        type="number"
        min={min}
        value={settings[key]}
        onChange={(e) => onChange({ ...settings, [key]: Number(e.target.value) })}
      />
    </Field>
  );
  return (
    <>
      <Field label={fieldLabel('task')}>
        <select
          id="task"
          value={settings.task}
          onChange={(e) => onChange(settingsForTask(settings, e.target.value as WebTask))}
        >
          {WEB_TASKS.map(({ task, label }) => (
            <option key={task} value={task}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      {settings.task === 'copy' &&
        number('patternLength', 'pattern-length', 1, ` (T = ${2 * settings.patternLength + 8})`)}
      {settings.task === 'copy-repeat' && (
        <p className="muted">
          An 8-bit pattern of length N, written out R times. Each learner starts at N = 1, R = 1 (T
          = 5) and moves up a level when a batch&apos;s loss falls below 0.15 bits per output: R
          grows while R &lt; N, else N. The level reached is its score.
        </p>
      )}
      {settings.task === 'drift' && (
        <>
          {number('switchEvery', 'switch-every', 1)}
          {number('updateEvery', 'update-every', 1)}
          <p className="muted">
            y<sub>t</sub> = x<sub>t−τ</sub>[c] on 4 random bits, (τ, c) cycling through (2, 0), (5,
            1), (3, 2). One endless sequence, so only the online rules in streaming execution; batch
            = parallel streams. Accuracy is prequential: each step is predicted before it is learnt.
          </p>
        </>
      )}
      {settings.task === 'listops' &&
        number('listopsLength', 'listops-length', 4, ` (T = ${settings.listopsLength})`)}
      {settings.task === 'fashion-mnist' && (
        <Field label="IDX files: train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz]">
          <FilePicker
            id="data-files"
            accept=".gz,.idx3-ubyte,.idx1-ubyte,*"
            multiple
            onFiles={onDataFiles}
          />
          <span className="muted" data-testid="data-files">
            {dataFileNames.length > 0 ? dataFileNames.join(', ') : 'none chosen yet'}
          </span>
        </Field>
      )}
    </>
  );
}
