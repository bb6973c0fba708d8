import { useState } from 'react';
import type { UiKey } from '../i18n/ui';
import { StorageError } from '../storage/errors';

/** Runs a write and turns a failure into a translated message; the form keeps what the user typed. */
export function useSave() {
  const [error, setError] = useState<UiKey | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (work: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (err) {
      setError(err instanceof StorageError ? (`error.${err.problem}` as UiKey) : 'error.unknown');
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
