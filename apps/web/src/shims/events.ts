/**
 * A small browser stand-in for Node's `events` module (aliased in vite.config.ts). @olrd/data's
 * main entry reaches `events` through tar-stream → streamx → events-universal, and Vite does not
 * polyfill Node built-ins, so without this the worker fails to load. Covers what streamx uses
 * (on, once, emit) and the usual companions.
 */
type Listener = (...args: unknown[]) => void;

export class EventEmitter {
  private handlers = new Map<string | symbol, Listener[]>();

  on(event: string | symbol, listener: Listener): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), listener]);
    return this;
  }

  addListener(event: string | symbol, listener: Listener): this {
    return this.on(event, listener);
  }

  prependListener(event: string | symbol, listener: Listener): this {
    this.handlers.set(event, [listener, ...(this.handlers.get(event) ?? [])]);
    return this;
  }

  once(event: string | symbol, listener: Listener): this {
    const wrapped: Listener & { listener?: Listener } = (...args) => {
      this.off(event, wrapped);
      listener.apply(this, args);
    };
    wrapped.listener = listener;
    return this.on(event, wrapped);
  }

  off(event: string | symbol, listener: Listener): this {
    const list = this.handlers.get(event) ?? [];
    const index = list.findIndex(
      (l) => l === listener || (l as { listener?: Listener }).listener === listener,
    );
    if (index >= 0) this.handlers.set(event, [...list.slice(0, index), ...list.slice(index + 1)]);
    return this;
  }

  removeListener(event: string | symbol, listener: Listener): this {
    return this.off(event, listener);
  }

  removeAllListeners(event?: string | symbol): this {
    if (event === undefined) this.handlers.clear();
    else this.handlers.delete(event);
    return this;
  }

  emit(event: string | symbol, ...args: unknown[]): boolean {
    const list = this.handlers.get(event);
    if (!list || list.length === 0) {
      if (event === 'error') throw args[0] instanceof Error ? args[0] : new Error(String(args[0]));
      return false;
    }
    for (const listener of [...list]) listener.apply(this, args);
    return true;
  }

  listeners(event: string | symbol): Listener[] {
    return [...(this.handlers.get(event) ?? [])];
  }

  listenerCount(event: string | symbol): number {
    return this.handlers.get(event)?.length ?? 0;
  }
}

export default EventEmitter;
