/** Storage failures, as codes the UI translates. Nothing is half-written when one is thrown. */
export type StorageProblem = 'quotaExceeded' | 'caseExists' | 'caseNotFound' | 'notAllowed' | 'invalidEvent' | 'locked' | 'damaged' | 'altered' | 'busy' | 'unknown';

export class StorageError extends Error {
  constructor(
    readonly problem: StorageProblem,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

/** A full disk reaches us as QuotaExceededError, or as an AbortError whose inner error is one. */
export function isQuotaError(err: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e: unknown = err; e && typeof e === 'object' && !seen.has(e); ) {
    seen.add(e);
    const name = (e as { name?: string }).name;
    if (name === 'QuotaExceededError') return true;
    e = (e as { inner?: unknown; cause?: unknown }).inner ?? (e as { cause?: unknown }).cause;
  }
  return false;
}
