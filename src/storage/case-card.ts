import { aadFor, open } from './crypto';
import type { VaultKeys } from './crypto';
import type { CaseCard, CaseRow } from './db';

/**
 * The home list's card of a case, sealed in the index row. Kept apart from the repository so that the home
 * screen opens cards without loading the protocol machines.
 */
export const cardAad = (caseId: string) => aadFor('cases', caseId);

/** The card of a row, or null for a row from before cards (or one that does not open). */
export async function openCard(keys: VaultKeys, row: CaseRow): Promise<CaseCard | null> {
  if (!row.card) return null;
  return open<CaseCard>(keys.data, cardAad(row.id), row.card).catch(() => null);
}
