import { useEffect, useMemo, useState } from 'react';
import type { SchoolCalendar } from '../../protocol/calendar';
import { useI18n } from '../app/i18n';
import { href } from '../app/router';
import { useCaseStore } from '../storage/case-store';
import { whenVaultSettled } from '../storage/session';
import { displayable, useCaseCards } from '../storage/case-list';
import type { CaseRow } from '../storage/db';
import { dueItems } from './retention-due';
import type { DueItem } from './retention-due';
import { caseRef, nowIso } from './use-save';

interface Due {
  items: DueItem[];
  rows: CaseRow[];
}

/**
 * Read-only: the cases due for retention review or purge at the page's clock, with the reason (docs/decisions/0021).
 * Read once when home opens (it replays every case): the rules load only here, so the lists above do not wait.
 */
export function RetentionDue({ cal }: { cal: SchoolCalendar }) {
  const { t, day } = useI18n();
  const store = useCaseStore();
  // The page's clock when home opened: one reading, so a re-render does not replay every case again.
  const [now] = useState(nowIso);
  const [due, setDue] = useState<Due>();
  useEffect(() => {
    let live = true;
    void (async () => {
      const { listDue, readRetentionPolicy } = await import('../storage/retention-store');
      // Not while rows from before the vault are being sealed: they would read as unreadable.
      await whenVaultSettled();
      const [list, policy] = await Promise.all([listDue(store.db(), store.keys(), now, cal), readRetentionPolicy(store.db(), store.keys())]);
      const items = dueItems(list, policy.openReviewDays, cal);
      const rows = (await store.db().cases.bulkGet(items.map((i) => i.caseId))).filter((r): r is CaseRow => r !== undefined).map(displayable);
      if (live) setDue({ items, rows });
    })().catch(() => undefined); // A policy that does not open lists nothing: home says when the ledger is altered.
    return () => {
      live = false;
    };
  }, [store, now, cal]);
  const cards = useCaseCards(due?.rows);
  const shown = useMemo(() => due?.items ?? [], [due]);
  if (shown.length === 0) return null;
  return (
    <section aria-labelledby="retention-title" className="stage retention">
      <h3 id="retention-title">
        {t('home.retention.title')} <span className="count">({shown.length})</span>
      </h3>
      <ul className="cases">
        {shown.map(({ caseId, reason }) => {
          const card = cards.get(caseId);
          const ref = t('case.reference', { ref: caseRef(caseId) });
          const vars = 'date' in reason.vars ? { date: day(reason.vars.date) } : reason.vars;
          return (
            <li key={caseId} className="due-row">
              <a href={href({ name: 'case', id: caseId })}>
                <span className="label">{card?.pseudonym ? <bdi dir="auto">{card.pseudonym}</bdi> : ref}</span>
                {card?.pseudonym && <span className="ref">{ref}</span>}
                <span className="due">{t(reason.key, vars)}</span>
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
