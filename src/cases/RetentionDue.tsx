import { useEffect, useMemo, useState } from 'react';
import type { SchoolCalendar } from '../../protocol/calendar';
import { useI18n } from '../app/i18n';
import { href } from '../app/router';
import { useCaseStore } from '../storage/case-store';
import { whenVaultSettled } from '../storage/session';
import { displayable, useCaseCards } from '../storage/case-list';
import type { CaseRow } from '../storage/db';
import { PurgeDialog } from '../retention-ui/PurgeDialog';
import { CompactionOutcome, useCompaction } from '../retention-ui/Compaction';
import { dueItems } from './retention-due';
import type { DueItem } from './retention-due';
import { caseRef, nowIso } from './use-save';

interface Due {
  items: DueItem[];
  rows: CaseRow[];
}

/**
 * The cases due for retention review or purge at the page's clock, with the reason (docs/decisions/0021); a case
 * due for purge has a "Purge…" button that opens the confirmation (src/retention-ui/PurgeDialog.tsx). Read when
 * home opens (it replays the cases that can be due) and again after a purge or a cancelled one, at that moment's
 * clock: the rules load only here, so the lists above do not wait. The case lists follow a purge by themselves.
 */
export function RetentionDue({ cal }: { cal: SchoolCalendar }) {
  const { t, day } = useI18n();
  const store = useCaseStore();
  // The page's clock when home opened: one reading, so a re-render does not replay every case again.
  const [now] = useState(nowIso);
  const [due, setDue] = useState<Due>();
  // Read again after a purge (or a refused one: the case may have changed), at the clock of that moment.
  const [reads, setReads] = useState(0);
  const [purging, setPurging] = useState<string | null>(null);
  const [purged, setPurged] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const { listDue, readRetentionPolicy } = await import('../storage/retention-store');
      // Not while rows from before the vault are being sealed: they would read as unreadable.
      await whenVaultSettled();
      const at = reads === 0 ? now : nowIso();
      const policy = await readRetentionPolicy(store.db(), store.keys());
      const list = await listDue(store.db(), store.keys(), at, cal, policy);
      const items = dueItems(list, policy.openReviewDays, cal);
      const rows = (await store.db().cases.bulkGet(items.map((i) => i.caseId))).filter((r): r is CaseRow => r !== undefined).map(displayable);
      if (live) setDue({ items, rows });
    })().catch(() => undefined); // A policy that does not open lists nothing: home says when the ledger is altered.
    return () => {
      live = false;
    };
  }, [store, now, cal, reads]);
  const cards = useCaseCards(due?.rows);
  const shown = useMemo(() => due?.items ?? [], [due]);
  const compaction = useCompaction();
  // After a purge, its traces can leave the device at once; it means a lock (the page reloads and asks for the
  // passphrase), so it is offered, not imposed: the head may purge others first. Otherwise the next unlock does it.
  const done = purged && (
    <>
      <p className="hint" role="status">
        {t('purge.done', { ref: caseRef(purged) })}
      </p>
      <p className="compaction-offer">
        <button type="button" className="secondary" aria-describedby="compaction-offer-hint" aria-disabled={compaction.state.kind === 'running' || undefined} onClick={() => void compaction.run()}>
          {t('compact.offer')}
        </button>{' '}
        <span id="compaction-offer-hint" className="hint">
          {t('compact.offerHint')}
        </span>
      </p>
      <CompactionOutcome state={compaction.state} manual />
    </>
  );
  if (shown.length === 0) return done || null;
  return (
    <section aria-labelledby="retention-title" className="stage retention">
      {done}
      <h3 id="retention-title">
        {t('home.retention.title')} <span className="count">({shown.length})</span>
      </h3>
      <ul className="cases">
        {shown.map(({ caseId, due: kind, reason }) => {
          const card = cards.get(caseId);
          const ref = t('case.reference', { ref: caseRef(caseId) });
          const vars = 'date' in reason.vars ? { date: day(reason.vars.date) } : reason.vars;
          const label = card?.pseudonym ? <bdi dir="auto">{card.pseudonym}</bdi> : ref;
          return (
            <li key={caseId} className="due-row">
              <a href={href({ name: 'case', id: caseId })} id={`due-${caseId}`}>
                <span className="label">{label}</span>
                {card?.pseudonym && <span className="ref">{ref}</span>}
                <span className="due">{t(reason.key, vars)}</span>
              </a>
              {kind === 'purge' && (
                <button type="button" className="secondary purge" aria-describedby={`due-${caseId}`} onClick={() => setPurging(caseId)}>
                  {t('purge.open')}
                </button>
              )}
              {purging === caseId && (
                <PurgeDialog
                  caseId={caseId}
                  title={
                    <>
                      {label}
                      {card?.pseudonym && <> · {ref}</>}
                    </>
                  }
                  cal={cal}
                  onPurged={() => {
                    setPurged(caseId);
                    setPurging(null);
                    setReads((n) => n + 1);
                  }}
                  onClose={() => {
                    setPurging(null);
                    setReads((n) => n + 1);
                  }}
                />
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
