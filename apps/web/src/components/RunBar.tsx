/** Start / pause / resume / reset, downloads, and the run's live numbers. */
import type { TrainerState } from '../hooks/useTrainer.js';
import { learnerColor } from '../lib/colors.js';
import { describeLevel } from '../lib/task-views.js';

/** "LRU", "RNN (tanh)", "GRU", … */
function cellName(model: { layerCls: string; rnnActivation?: string }): string {
  return model.layerCls === 'RNN' ? `RNN (${model.rnnActivation ?? 'tanh'})` : model.layerCls;
}

interface Props {
  state: TrainerState;
  onStart: () => void;
  onPause: () => void;
  onResume: () => void;
  onReset: () => void;
  onCheckpoint: (learner: number) => void;
  onMetrics: () => void;
}

export function RunBar({
  state,
  onStart,
  onPause,
  onResume,
  onReset,
  onCheckpoint,
  onMetrics,
}: Props) {
  const { status, info, history } = state;
  const last = history[history.length - 1];
  const active = status === 'running' || status === 'paused' || status === 'starting';
  const stream = info?.kind === 'stream';
  return (
    <div className="runbar">
      <div className="buttons">
        <button type="button" id="start" onClick={onStart} disabled={active}>
          Start
        </button>
        <button type="button" id="pause" onClick={onPause} disabled={status !== 'running'}>
          Pause
        </button>
        <button type="button" id="resume" onClick={onResume} disabled={status !== 'paused'}>
          Resume
        </button>
        <button type="button" id="reset" onClick={onReset} disabled={status === 'idle'}>
          Reset
        </button>
        {info?.settings.rules.map((rule, i) => (
          <button
            key={rule + i}
            type="button"
            id={`checkpoint-${i}`}
            onClick={() => onCheckpoint(i)}
            disabled={!info || status === 'idle'}
          >
            ⤓ {rule}.safetensors
          </button>
        ))}
        <button type="button" id="metrics" onClick={onMetrics} disabled={history.length === 0}>
          ⤓ metrics.jsonl
        </button>
      </div>
      <p className="status" data-testid="status" data-status={status} data-step={last?.step ?? 0}>
        <strong>{status}</strong>
        {state.statusMessage ? ` (${state.statusMessage})` : ''}
        {info &&
          ` · ${info.backend} · ${info.taskLabel} · ${info.model.nLayers}×${cellName(info.model)} H=${info.model.dModel} N=${info.model.dHidden} · ${info.model.parameters.toLocaleString('en')} parameters`}
        {info?.startedFrom &&
          ` · from ${info.startedFrom} (${info.resumedOptimizer ? 'optimiser state resumed' : 'Adam from zero'})`}
        {last &&
          (stream
            ? ` · stream step ${last.step.toLocaleString('en')} · regime ${(last.regime ?? 0) + 1}`
            : ` · step ${last.step} (epoch ${last.epoch + 1})`)}
        {last && ` · ${last.elapsedSeconds.toFixed(1)} s`}
      </p>
      {last && (
        <ul className="rates">
          {last.learners.map((l, i) => (
            <li key={i} style={{ color: learnerColor(i) }}>
              {l.rule} ({l.execution}): loss {l.loss.toFixed(4)} · accuracy{' '}
              {(100 * l.accuracy).toFixed(1)}% ·{' '}
              {l.level && <span data-testid={`level-${i}`}>level {describeLevel(l.level)} · </span>}
              <span data-testid={`tokens-${i}`}>
                {Math.round(l.tokensPerSecond).toLocaleString('en')} tokens/s
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
