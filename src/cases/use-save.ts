import { useState } from 'react';
import type { ReplayProblem } from '../../machines/replay';
import { useI18n } from '../app/i18n';
import { StorageError } from '../storage/errors';

/**
 * Runs a write and turns a failure into a translated sentence; the form keeps what the user typed. A record
 * the protocol refuses says which rule refused it.
 */
export function useSave(names: { party?: (id: string) => string } = {}) {
  const { t, why } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (work: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (err) {
      const problem = err instanceof StorageError ? (err.detail as ReplayProblem | undefined) : undefined;
      if (problem?.code === 'refused') setError(why(problem.refusal, names));
      else setError(t(err instanceof StorageError ? `error.${err.problem}` : 'error.unknown'));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, save };
}

export const nowIso = () => new Date().toISOString();
export const newCaseId = () => crypto.randomUUID();
/** Short reference read aloud on the phone: the first block of the id. */
export const caseRef = (id: string) => id.slice(0, 8).toUpperCase();
