/** Every error the worker or the page ran into, until the person dismisses it. */
import type { AppError } from '../hooks/useTrainer.js';

export function ErrorList({
  errors,
  dismiss,
}: {
  errors: AppError[];
  dismiss: (id: number) => void;
}) {
  if (errors.length === 0) return null;
  return (
    <div className="errors" role="alert" data-testid="errors">
      {errors.map((e) => (
        <div key={e.id} className="error">
          <strong>{e.context}:</strong> <span className="message">{e.message}</span>
          <button type="button" onClick={() => dismiss(e.id)} aria-label="dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
