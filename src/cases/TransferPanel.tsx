import { useState } from 'react';
import { downloadText } from '../app/download';
import { useI18n } from '../app/i18n';
import { appDb } from '../storage/instance';
import { sessionKeys } from '../storage/session';
import { exportCase } from '../storage/transfer';
import { caseRef } from './use-save';


/** Hands the case to a colleague: a sealed file, and a one-time code shown here only. */
export function TransferPanel({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const [made, setMade] = useState<{ code: string; fingerprint: string } | null>(null);
  const make = async () => {
    const { text, code, fingerprint } = await exportCase(appDb(), sessionKeys(), caseId, new Date().toISOString());
    downloadText(`sanad-case-${caseRef(caseId)}.sanadcase`, text);
    setMade({ code, fingerprint });
  };
  return (
    <details className="action transfer">
      <summary>{t('transfer.title')}</summary>
      <p className="hint">{t('transfer.intro')}</p>
      <button type="button" className="secondary" onClick={() => void make()}>
        {t('transfer.export')}
      </button>
      {made && (
        <div role="status">
          <p>
            {t('transfer.code')}{' '}
            <strong className="recovery-code" data-testid="transfer-code">
              <bdi dir="ltr">{made.code}</bdi>
            </strong>
          </p>
          <p>
            {t('transfer.fingerprintHere')}{' '}
            <strong className="recovery-code" data-testid="transfer-fingerprint">
              <bdi dir="ltr">{made.fingerprint}</bdi>
            </strong>
          </p>
        </div>
      )}
    </details>
  );
}
