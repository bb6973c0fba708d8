import { useState } from 'react';
import { CryptoFailure } from '../storage/crypto';
import { appDb } from '../storage/instance';
import { sessionKeys } from '../storage/session';
import { saveSetting, useSetting } from '../storage/setting-hooks';
import { readVault } from '../storage/vault';
import type { SealedVault } from '../storage/vault';
import type { UiKey } from '../i18n/ui';
import { downloadText } from './download';
import { useI18n } from './i18n';
import { caseRef } from '../cases/use-save';
import { ImportCase } from './ImportCase';
import { RestoreBackup } from './RestoreBackup';
import { LAST_BACKUP_KEY } from './backup-reminder';
import type { LastBackup } from './backup-reminder';



/**
 * Make a backup, then prove it: "Backup OK" only once the saved file has been chosen, read back and decrypted
 * with this tab's keys (the same checks as a restore). Restore below.
 */
export function BackupPage() {
  const { t, when } = useI18n();
  const last = useSetting<LastBackup>(LAST_BACKUP_KEY);
  const [saved, setSaved] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const make = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const { makeBackup } = await import('../storage/backup');
      const now = new Date().toISOString();
      const { text, skipped } = await makeBackup(appDb(), sessionKeys(), now);
      const name = `sanad-backup-${now.slice(0, 10)}.sanad`;
      downloadText(name, text);
      setSaved(name);
      // Saved, but without the cases that could not be vouched for: said, by reference.
      if (skipped.length > 0) setMessage({ ok: false, text: t('backup.skipped', { count: String(skipped.length), refs: skipped.map(caseRef).join(', ') }) });
    } catch (err) {
      const problem = (err as { problem?: string }).problem;
      setMessage({ ok: false, text: t(problem ? (`backup.problem.${problem}` as UiKey) : 'error.unknown') });
    } finally {
      setBusy(false);
    }
  };

  const verify = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setMessage(null);
    try {
      const { checkBackup } = await import('../storage/backup');
      const mine = await readVault(appDb());
      // Read back with the keys this tab holds: a file from another vault does not open with them.
      const same = (v: SealedVault) => mine !== undefined && JSON.stringify([v.kdf, v.byPassphrase]) === JSON.stringify([mine.kdf, mine.byPassphrase]);
      const checked = await checkBackup(await file.text(), { passphrase: '' }, { keysFor: async (v) => (same(v) ? sessionKeys() : Promise.reject(new CryptoFailure('another vault'))) });
      const record: LastBackup = { verifiedAt: new Date().toISOString(), createdAt: checked.manifest.createdAt, cases: checked.manifest.cases, events: checked.manifest.events };
      await saveSetting(LAST_BACKUP_KEY, record);
      setMessage({ ok: true, text: t('backup.ok', { cases: String(record.cases), events: String(record.events), when: when(record.verifiedAt) }) });
    } catch (err) {
      const problem = (err as { problem?: string }).problem;
      setMessage({ ok: false, text: t('backup.notOk', { reason: t(problem ? (`backup.problem.${problem}` as UiKey) : 'error.unknown') }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="backup-title">
      <h2 id="backup-title">{t('backup.title')}</h2>
      <p className="hint">{t('backup.intro')}</p>
      <p>{last ? t('backup.last', { when: when(last.verifiedAt) }) : t('backup.never')}</p>
      <button type="button" aria-disabled={busy || undefined} onClick={() => !busy && void make()}>
        {t('backup.make')}
      </button>
      {saved && (
        <>
          <p>{t('backup.saved', { file: saved })}</p>
          <label className="field">
            <span>{t('backup.verifyFile')}</span>
            <input id="verify-file" type="file" accept=".sanad,application/json" onChange={(e) => void verify(e.target.files?.[0])} />
          </label>
        </>
      )}
      {message && (
        <p className={message.ok ? 'ok' : 'problems'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <ImportCase />
      <RestoreBackup
        onRestored={() => {
          // Another vault may have come with the backup: start again from its lock screen.
          location.reload();
        }}
      />
    </section>
  );
}
