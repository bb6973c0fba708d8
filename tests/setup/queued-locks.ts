/**
 * A stand-in for the browser's Web Locks in Node tests (Node has no `navigator.locks`): locks that queue as the browser's do (first come, first served per name; `ifAvailable` answers null at
 * once; `query` lists what is held and waiting), and say when a request starts waiting.
 */
export function queuedLocks() {
  const held = new Set<string>();
  const waiting = new Map<string, (() => void)[]>();
  const onWait: ((name: string) => void)[] = [];
  const queue = (name: string) => waiting.get(name) ?? (waiting.set(name, []), waiting.get(name)!);
  return {
    async request(name: string, a: unknown, b?: unknown): Promise<unknown> {
      const options = (typeof a === 'function' ? {} : a) as { ifAvailable?: boolean };
      const work = (typeof a === 'function' ? a : b) as (lock: unknown) => Promise<unknown>;
      if (held.has(name)) {
        if (options.ifAvailable) return work(null);
        await new Promise<void>((granted) => {
          queue(name).push(granted);
          for (const tell of onWait) tell(name);
        });
      }
      held.add(name);
      try {
        return await work({ name });
      } finally {
        const next = queue(name).shift();
        if (next) next();
        else held.delete(name);
      }
    },
    async query() {
      return { held: [...held].map((name) => ({ name })), pending: [...waiting].flatMap(([name, q]) => q.map(() => ({ name }))) };
    },
    /** Resolves when a request for `name` is waiting (at once if one already is). */
    waitingFor(name: string): Promise<void> {
      if ((waiting.get(name) ?? []).length > 0) return Promise.resolve();
      return new Promise((resolve) => onWait.push((n) => n === name && resolve()));
    },
  };
}


/** Takes `name` in `locks` and keeps it until the returned function is called (another writer mid-work). */
export function holdLock(locks: ReturnType<typeof queuedLocks>, name: string): () => void {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  void locks.request(name, () => held);
  return release;
}
