import { useEffect, useState } from 'react';
import { onSchemaUpgradeElsewhere, persistenceState, requestPersistence } from '../storage/persistence';
import type { PersistState } from '../storage/persistence';
import { useI18n } from './i18n';

/**
 * Mounted with the school's database (locked or not): when another tab opens a newer schema, this tab lets go
 * of the database and asks for a reload, instead of blocking the other tab's upgrade.
 */
export function SchemaUpgradeNotice() {
  const { t } = useI18n();
  const [upgraded, setUpgraded] = useState(false);
  useEffect(() => onSchemaUpgradeElsewhere(() => setUpgraded(true)), []);
  if (!upgraded) return null;
  return (
    <div className="update" role="alert">
      {t('storage.upgradedElsewhere')}{' '}
      <button type="button" onClick={() => window.location.reload()}>
        {t('storage.reload')}
      </button>
    </div>
  );
}

/**
 * Once the cases are unlocked, asks the browser not to evict them under storage pressure: without it a phone
 * short of space may silently delete the school's cases. Asked once per page load.
 */
let asked: Promise<PersistState> | null = null;
export function usePersistentStorage(): void {
  useEffect(() => {
    asked ??= requestPersistence().catch(() => 'unsupported' as const);
  }, []);
}

/** What the browser promised, for the settings page. */
export function PersistenceState() {
  const { t } = useI18n();
  const [state, setState] = useState<PersistState | null>(null);
  useEffect(() => {
    void (asked ?? persistenceState()).then(setState, () => setState('unsupported'));
  }, []);
  return state && <p data-testid="persist-state">{t(`storage.persist.${state}`)}</p>;
}
