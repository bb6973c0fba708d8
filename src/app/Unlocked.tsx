import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { useSetting } from '../storage/setting-hooks';
import { appDb } from '../storage/instance';
import { sessionKeys } from '../storage/session';
import { useVaultRow } from '../storage/vault-hooks';
import { useI18n } from './i18n';
import { AUTO_LOCK_KEY, useIdleLock } from './lock';
import { usePersistentStorage } from './StorageStatus';

/** What runs only while this tab holds the keys: the idle lock, persistent storage, and sealing rows from before the vault. */
export function Unlocked({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const minutes = useSetting<number>(AUTO_LOCK_KEY);
  useIdleLock(minutes, true);
  usePersistentStorage();
  const vault = useVaultRow();
  const legacySealed = vault === undefined ? undefined : (vault?.legacySealed ?? true);
  useEffect(() => {
    if (legacySealed !== false) return;
    (async () => {
      // Loaded on demand: it needs the machines, which the home screen does not.
      const [{ sealLegacyRows }, { schoolCalendar }] = await Promise.all([import('../storage/seal-legacy'), import('../storage/calendar-setting')]);
      await sealLegacyRows(appDb(), sessionKeys(), await schoolCalendar());
      await appDb().vault.update('vault', { legacySealed: true });
    })().catch(() => {
      // Interrupted (a lock, a full disk): each case is sealed whole or not at all, and the next unlock resumes.
    });
  }, [legacySealed]);
  return (
    <>
      {legacySealed === false && <p role="status">{t('vault.sealing')}</p>}
      {children}
    </>
  );
}
