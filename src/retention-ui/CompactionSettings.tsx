import { useEffect, useId, useState } from 'react';
import { useI18n } from '../app/i18n';
import { activeDbName } from '../storage/active-db';
import { appDb } from '../storage/instance';
import { sessionKeys } from '../storage/session';
import { CompactionOutcome, useCompaction } from './Compaction';
import { compactionDue, readMark } from './compaction-due';

/**
 * Settings → Retention: when the traces of purged cases last left this device, whether purges were made since,
 * and "Remove the traces now" (the same run as at the unlock: the page then reloads to the lock screen).
 */
export function CompactionSettings() {
  const { t, when } = useI18n();
  const ids = useId();
  const compaction = useCompaction();
  // undefined while read; null: nothing was ever purged in this database.
  const [logRev, setLogRev] = useState<number | null>();
  useEffect(() => {
    let live = true;
    void import('../storage/compact')
      .then(({ deletionLogRevision }) => deletionLogRevision(appDb(), sessionKeys()))
      .then((rev) => live && setLogRev(rev ?? null))
      // An altered ledger: said at home; here nothing is offered.
      .catch(() => live && setLogRev(null));
    return () => {
      live = false;
    };
  }, []);
  if (logRev === undefined) return null;
  const mark = readMark();
  const owed = compactionDue(logRev ?? undefined, activeDbName(), mark);
  return (
    <section className="compaction-settings" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>{t('compact.title')}</h3>
      <p className="hint">{t('compact.intro')}</p>
      <p>{mark ? t('compact.last', { when: when(mark.at) }) : t('compact.never')}</p>
      {logRev === null ? (
        <p>{t('compact.nothing')}</p>
      ) : (
        <>
          {owed && <p>{t('compact.owed')}</p>}
          <p>
            <button type="button" className="secondary" aria-describedby={`${ids}-hint`} aria-disabled={compaction.state.kind === 'running' || undefined} onClick={() => void compaction.run()}>
              {t('compact.now')}
            </button>{' '}
            <span id={`${ids}-hint`} className="hint">
              {t('compact.offerHint')}
            </span>
          </p>
        </>
      )}
      <CompactionOutcome state={compaction.state} manual />
    </section>
  );
}
