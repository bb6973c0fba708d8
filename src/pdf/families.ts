import type { CaseSnapshot } from '../../machines/replay';

/**
 * The pupils whose families each get their own letter (docs/decisions/0008): every child recorded in the case,
 * not adults, staff or a reporter. Apart from the PDF code so the case page can list them without loading jsPDF.
 */
export function letterFamilies(snapshot: CaseSnapshot): { id: string; pseudonym: string }[] {
  return snapshot.context.parties
    .filter((p) => p.ageBand !== 'adult' && p.actorKind !== 'adult' && p.actorKind !== 'staff' && p.role !== 'reporter')
    .map((p) => ({ id: p.id, pseudonym: p.pseudonym }));
}
