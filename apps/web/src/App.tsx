/** The page: controls on the left, the run's live views on the right. */
import { useState } from 'react';
import type { CheckpointInput, FileInput } from './protocol.js';
import { useTrainer } from './hooks/useTrainer.js';
import { useSettings } from './hooks/useSettings.js';
import { metricsJsonl } from './lib/metrics-jsonl.js';
import { downloadFile } from './lib/download.js';
import { readFiles } from './lib/read-files.js';
import { checkSettings } from './lib/settings-fields.js';
import { BackendPanel } from './components/BackendPanel.js';
import { Controls } from './components/Controls.js';
import { ErrorList } from './components/ErrorList.js';
import { RunBar } from './components/RunBar.js';
import { MetricCharts } from './components/MetricCharts.js';
import { AlignmentPanel } from './components/AlignmentPanel.js';
import { RecurrencePanel } from './components/RecurrencePanel.js';
import { MemoryPanel } from './components/MemoryPanel.js';

export function App() {
  const trainer = useTrainer();
  const { state } = trainer;
  const stored = useSettings(trainer.reportError);
  const { settings, setSettings, view, setView } = stored;
  const [checkpoint, setCheckpoint] = useState<CheckpointInput | undefined>();
  const [dataFiles, setDataFiles] = useState<FileInput[]>([]);
  const [chosenBackend, setChosenBackend] = useState(stored.backendNamed);
  // Until the person picks one: hardware WebGPU if there is one, else wasm.
  const webgpu = state.backends?.find((b) => b.name === 'webgpu');
  const shown =
    !chosenBackend && webgpu?.available && !webgpu.software
      ? { ...settings, backend: 'webgpu' as const }
      : settings;

  const read = (files: File[], context: string, use: (read: FileInput[]) => void) =>
    readFiles(files).then(use, (error: unknown) =>
      trainer.reportError(
        context,
        `could not read ${files.map((f) => f.name).join(', ')}: ${String(error)}`,
      ),
    );
  const info = state.info;
  const rules = info?.settings.rules ?? [];
  const task = info?.settings.task;
  const start = () => {
    // Caught here in the form's words, before the worker meets them under internal names.
    const problems = checkSettings(shown);
    if (problems.length > 0) {
      for (const problem of problems) trainer.reportError('settings', problem);
      return;
    }
    trainer.start(shown, checkpoint, shown.task === 'fashion-mnist' ? dataFiles : []);
  };
  return (
    <div className="app">
      <header>
        <h1>olrd · watch a recurrent network learn online</h1>
        <p className="muted">
          A recurrent network (LRU, RNN, GRU or LSTM) learns in this tab, in a Web Worker, with an
          online learning rule and, side by side, another rule on the same data and initial
          parameters.
        </p>
      </header>
      <ErrorList errors={state.errors} dismiss={trainer.dismissError} />
      <aside>
        <BackendPanel backends={state.backends} />
        <Controls
          settings={shown}
          onChange={(next) => {
            const picked = next.backend !== shown.backend;
            if (picked) setChosenBackend(true);
            // A backend the page chose stays out of the settings (and the link) until picked.
            setSettings(chosenBackend || picked ? next : { ...next, backend: settings.backend });
          }}
          backends={state.backends}
          disabled={state.status !== 'idle' && state.status !== 'done'}
          checkpointName={checkpoint?.name}
          onCheckpointFile={(file) =>
            file
              ? void read([file], 'checkpoint file', ([f]) => setCheckpoint(f))
              : setCheckpoint(undefined)
          }
          dataFileNames={dataFiles.map((f) => f.name)}
          onDataFiles={(files) => void read(files, 'data files', setDataFiles)}
        />
        <p className="muted settings-link">
          <a id="settings-link" href={stored.link}>
            Link to these settings
          </a>{' '}
          (kept in this browser too) ·{' '}
          <button
            type="button"
            id="default-settings"
            onClick={() => {
              stored.reset();
              setChosenBackend(false);
            }}
          >
            defaults
          </button>
        </p>
      </aside>
      <main>
        <RunBar
          state={state}
          onStart={start}
          onPause={trainer.pause}
          onResume={trainer.resume}
          onReset={trainer.reset}
          onCheckpoint={trainer.saveCheckpoint}
          onMetrics={() =>
            downloadFile(
              'metrics.jsonl',
              metricsJsonl(trainer.history(), info?.backend ?? ''),
              'application/x-ndjson',
            )
          }
        />
        <div className="grid">
          <MetricCharts
            history={state.history}
            rules={rules}
            task={task}
            view={view}
            onView={setView}
          />
          <AlignmentPanel
            history={state.history}
            {...(task === 'drift'
              ? {
                  unavailable:
                    'No comparison with BPTT on the drifting stream: it is one endless sequence, with no end to backpropagate from.',
                }
              : {})}
          />
          <RecurrencePanel
            layerCls={info?.model.layerCls ?? shown.layerCls}
            rules={rules}
            history={state.history}
            eigenInitial={state.eigenInitial}
            eigenLatest={state.eigenLatest}
          />
          {info && (
            <MemoryPanel
              info={info}
              liveBytes={state.liveBytes}
              {...(state.history.length > 0
                ? { last: state.history[state.history.length - 1]! }
                : {})}
            />
          )}
        </div>
      </main>
    </div>
  );
}
