/** The page: controls on the left, the run's live views on the right. */
import { useState } from 'react';
import type { CheckpointInput, FileInput, RunSettings } from './protocol.js';
import { useTrainer } from './hooks/useTrainer.js';
import { metricsJsonl, type StepRecord } from './lib/metrics-jsonl.js';
import { downloadFile } from './lib/download.js';
import { learnerColor } from './lib/colors.js';
import { chartLabels } from './lib/task-views.js';
import { readFiles } from './lib/read-files.js';
import { BackendPanel } from './components/BackendPanel.js';
import { Controls } from './components/Controls.js';
import { ErrorList } from './components/ErrorList.js';
import { RunBar } from './components/RunBar.js';
import { LineChart } from './components/LineChart.js';
import { AlignmentPanel } from './components/AlignmentPanel.js';
import { RecurrencePanel } from './components/RecurrencePanel.js';
import { MemoryPanel } from './components/MemoryPanel.js';

const DEFAULT_SETTINGS: RunSettings = {
  task: 'copy',
  patternLength: 10,
  switchEvery: 1000,
  updateEvery: 1,
  listopsLength: 32,
  layerCls: 'LRU',
  rnnActivation: 'tanh',
  rules: ['online_full', 'bptt'],
  execution: 'streaming',
  truncation: 10,
  maxSensitivityMib: 256,
  backend: 'wasm',
  nLayers: 2,
  dModel: 64,
  dHidden: 32,
  bsz: 32,
  lrBase: 0.003,
  seed: 1919,
  alignEvery: 10,
  maxSteps: 0,
};

export function App() {
  const trainer = useTrainer();
  const { state } = trainer;
  const [settings, setSettings] = useState(DEFAULT_SETTINGS);
  const [checkpoint, setCheckpoint] = useState<CheckpointInput | undefined>();
  const [dataFiles, setDataFiles] = useState<FileInput[]>([]);
  const [chosenBackend, setChosenBackend] = useState(false);
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
  const series = (pick: (l: StepRecord['learners'][number]) => number) =>
    rules.map((rule, i) => ({
      name: rule,
      color: learnerColor(i),
      points: state.history.flatMap((r) => {
        const learner = r.learners[i];
        return learner ? [[r.step, pick(learner)] as [number, number]] : [];
      }),
    }));
  const task = info?.settings.task;
  const labels = chartLabels(task);
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
            if (next.backend !== shown.backend) setChosenBackend(true);
            setSettings(next);
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
      </aside>
      <main>
        <RunBar
          state={state}
          onStart={() =>
            trainer.start(shown, checkpoint, shown.task === 'fashion-mnist' ? dataFiles : [])
          }
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
          <LineChart
            title={labels.loss}
            series={series((l) => l.loss)}
            testId="loss-chart"
            xLabel={labels.x}
          />
          <LineChart
            title={labels.accuracy}
            series={series((l) => l.accuracy)}
            testId="accuracy-chart"
            xLabel={labels.x}
            yDomain={[0, 1]}
          />
          {task === 'copy-repeat' && (
            <LineChart
              title="Curriculum: T of the level reached, (R + 1)·N + 3"
              series={series((l) => l.seqLength)}
              testId="curriculum-chart"
            />
          )}
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
