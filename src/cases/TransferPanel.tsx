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
  const [code, setCode] = useState<string | null>(null);
  const make = async () => {
    const { text, code: c } = await exportCase(appDb(), sessionKeys(), caseId, new Date().toISOString());
    downloadText(`sanad-case-${caseRef(caseId)}.sanadcase`, text);
    setCode(c);
  };
  return (
    <details className="action transfer">
      <summary>{t('transfer.title')}</summary>
      <p className="hint">{t('transfer.intro')}</p>
      <button type="button" className="secondary" onClick={() => void make()}>
        {t('transfer.export')}
      </button>
      {code && (
        <p role="status">
          {t('transfer.code')}{' '}
          <strong className="recovery-code" data-testid="transfer-code">
            <bdi dir="ltr">{code}</bdi>
          </strong>
        </p>
      )}
    </details>
  );
}
