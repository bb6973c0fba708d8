/** JSON from a file a user picked (a backup, a transferred case): it may be hostile. */
export class UntrustedJsonError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'UntrustedJsonError';
  }
}

/** Parses JSON that cannot smuggle a prototype: a `__proto__`, `constructor` or `prototype` key refuses the whole text. */
export function parseUntrustedJson(text: string): unknown {
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new UntrustedJsonError(`forbidden key ${key}`);
      return value;
    });
  } catch (err) {
    throw err instanceof UntrustedJsonError ? err : new UntrustedJsonError('not JSON');
  }
}
