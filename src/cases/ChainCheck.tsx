import { useState } from 'react';
import { useI18n } from '../app/i18n';
import { verifyChain } from '../storage/case-repository';
import type { ChainReport } from '../storage/case-repository';
import { useCaseStore } from '../storage/case-store';

/** Recomputes the case's keyed hash chain and says whether, and where, the log was altered. */
export function ChainCheck({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const store = useCaseStore();
  const [report, setReport] = useState<ChainReport | null>(null);
  return (
    <div className="chain-check">
      <button type="button" className="secondary" onClick={() => void verifyChain(store.db(), store.keys(), caseId).then(setReport)}>
        {t('chain.verify')}
      </button>
      {report?.ok && (
        <p role="status" className="ok">
          {t('chain.ok', { events: String(report.events) })} <bdi dir="ltr"><code>{report.head.slice(0, 16)}…</code></bdi>
        </p>
      )}
      {report && !report.ok && (
        <p role="alert" className="problems">
          {t('chain.broken', { n: String((report.brokenAt ?? 0) + 1) })}
        </p>
      )}
    </div>
  );
}
