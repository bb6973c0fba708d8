import { useEffect, useState } from 'react';
import { onSchemaUpgradeElsewhere, requestPersistence } from '../storage/persistence';
import type { PersistState } from '../storage/persistence';
import { useI18n } from './i18n';

/** Whether cases are safe from browser clean-ups, and the reload request when another tab upgraded the app. */
export function StorageStatus() {
  const { t } = useI18n();
  const [persist, setPersist] = useState<PersistState | null>(null);
  const [upgraded, setUpgraded] = useState(false);
  useEffect(() => {
    void requestPersistence().then(setPersist, () => setPersist('unsupported'));
    return onSchemaUpgradeElsewhere(() => setUpgraded(true));
  }, []);
  return (
    <>
      {upgraded && (
        <div className="update" role="alert">
          {t('storage.upgradedElsewhere')}{' '}
          <button type="button" onClick={() => window.location.reload()}>
            {t('storage.reload')}
          </button>
        </div>
      )}
      {persist && <p data-testid="persist-state">{t(`storage.persist.${persist}`)}</p>}
    </>
  );
}
