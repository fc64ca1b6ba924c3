/** The task: the copy task (pattern length) or row-by-row Fashion-MNIST from IDX files. */
import type { RunSettings, WebTask } from '../protocol.js';
import { Field, FilePicker } from './Field.js';

interface Props {
  settings: RunSettings;
  onChange: (settings: RunSettings) => void;
  dataFileNames: string[];
  onDataFiles: (files: File[]) => void;
}

export function TaskFields({ settings, onChange, dataFileNames, onDataFiles }: Props) {
  return (
    <>
      <Field label="Task">
        <select
          id="task"
          value={settings.task}
          onChange={(e) => onChange({ ...settings, task: e.target.value as WebTask })}
        >
          <option value="copy">copy task (generated here)</option>
          <option value="fashion-mnist">Fashion-MNIST, row by row (your IDX files)</option>
        </select>
      </Field>
      {settings.task === 'copy' ? (
        <Field label={`Pattern length P (T = ${2 * settings.patternLength + 8})`}>
          <input
            id="pattern-length"
            type="number"
            min={1}
            value={settings.patternLength}
            onChange={(e) => onChange({ ...settings, patternLength: Number(e.target.value) })}
          />
        </Field>
      ) : (
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
