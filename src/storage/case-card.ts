import { aadFor, open } from './crypto';
import type { VaultKeys } from './crypto';
import type { CaseCard, CaseRow } from './db';

/**
 * The home list's card of a case, sealed in the index row. Kept apart from the repository so that the home
 * screen opens cards without loading the protocol machines.
 */
export const cardAad = (caseId: string) => aadFor('cases', caseId);
/**
 * Since the ledger (docs/decisions/0014) a card is bound to the log it describes (count and chain head), which
 * the ledger anchors: an older card put back on a row does not open, or comes with an older count and head that
 * the ledger shows as "needs checking".
 */
export const boundCardAad = (caseId: string, events: number, head: string) => JSON.stringify(['sanad/cases/card/v2', caseId, events, head]);
const aadOfRow = (row: CaseRow) => boundCardAad(row.id, row.eventCount, row.chainHead ?? '');

/** The card of a row, or null for a row from before cards (or one that does not open). */
export async function openCard(keys: VaultKeys, row: CaseRow): Promise<CaseCard | null> {
  if (!row.card) return null;
  try {
    const card = await open<CaseCard>(keys.data, aadOfRow(row), row.card).catch(() => null);
    // A case a revocation has not resealed yet: its card is still under the keys being replaced.
    if (card || !keys.previous) return card;
    return await open<CaseCard>(keys.previous.data, aadOfRow(row), row.card).catch(() => null);
  } catch {
    // A row edited outside Sanad (fields of the wrong kind): no card, the list shows the reference.
    return null;
  }
}
