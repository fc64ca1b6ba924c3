/**
 * The training worker: receives `ToWorker` messages from the page and answers with `FromWorker`
 * ones (protocol in ../protocol.ts and docs/web.md). Every failure becomes an `error` message.
 */
import type { FromWorker, ToWorker } from '../protocol.js';
import { configureWasmPaths } from './wasm-paths.js';
import { probeWebBackends } from './backend-status.js';
import { Session } from './session.js';
import { describeError } from './describe-error.js';

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
  addEventListener(
    type: 'unhandledrejection',
    listener: (event: PromiseRejectionEvent) => void,
  ): void;
}
const scope = self as unknown as WorkerScope;
const post = (message: FromWorker, transfer: Transferable[] = []) =>
  scope.postMessage(message, transfer);

let session: Session | undefined;
// The wasm binaries' URLs are set before any message can bring a backend up.
configureWasmPaths();
// Messages are handled one at a time, in order (a reset waits for the start before it).
let queue: Promise<void> = Promise.resolve();

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'probe':
      post({ type: 'probe', backends: await probeWebBackends() });
      return;
    case 'start':
      if (session) await session.stop();
      session = undefined;
      post({ type: 'status', status: 'starting' });
      try {
        session = await Session.create(
          message.settings,
          message.checkpoint,
          message.dataFiles ?? [],
          post,
        );
      } catch (error) {
        post({ type: 'status', status: 'idle' });
        throw error;
      }
      session.start();
      return;
    case 'pause':
      session?.pause();
      return;
    case 'resume':
      session?.resume();
      return;
    case 'reset':
      await session?.stop();
      session = undefined;
      post({ type: 'status', status: 'idle' });
      return;
    case 'checkpoint':
      if (!session) throw new Error('nothing to save: start a run first');
      await session.checkpoint(message.learner);
      return;
  }
}

scope.addEventListener('message', (event) => {
  const message = event.data;
  queue = queue
    .then(() => handle(message))
    .catch((error: unknown) =>
      post({ type: 'error', message: describeError(error), context: message.type }),
    );
});

scope.addEventListener('unhandledrejection', (event) => {
  post({ type: 'error', message: describeError(event.reason), context: 'worker' });
});
