import { useEffect, useMemo, useState } from 'react';
import type { RetentionPolicy } from '../../protocol/retention';
import { useSchoolCalendar } from '../storage/calendar-setting';
import { useCaseStore } from '../storage/case-store';
import { whenVaultSettled } from '../storage/session';
import { useSettingOrNull } from '../storage/setting-hooks';
import { readSetting } from '../storage/settings';
import { nowIso } from '../cases/use-save';
import { BACKUP_REGISTER_KEY, asRegister, registerLines } from '../storage/backup-register';
import type { RegisterLine, RegisteredBackup } from '../storage/backup-register';

export interface RegisterView {
  files: RegisteredBackup[];
  /** Each file with where it stands, newest first; null when the retention periods or the deletion log cannot be read. */
  lines: RegisterLine[] | null;
}

type Read = { files: RegisteredBackup[]; rules: { policy: RetentionPolicy; purgeDays: string[] } | null };

/**
 * The register of backup files with each file's status at the page's clock (Backup page, home's reminder). Read
 * again whenever the stored register changes (a live setting: another tab's or the worker's write reaches it) or
 * `refresh` does (the Backup page bumps it when one of its jobs ends, home passes its count of closed cases,
 * which a purge changes). The retention policy and the deletion log are read strictly (decision 0021: an altered
 * one is never taken for the defaults or an empty log): unreadable, no file is said to be kept or destroyed.
 */
export function useBackupRegister(refresh?: unknown): RegisterView | undefined {
  const store = useCaseStore();
  const cal = useSchoolCalendar();
  const stored = useSettingOrNull<unknown>(BACKUP_REGISTER_KEY);
  const [read, setRead] = useState<Read>();
  useEffect(() => {
    let live = true;
    void (async () => {
      const files = asRegister(await readSetting<unknown>(store.db(), store.keys(), BACKUP_REGISTER_KEY).catch(() => undefined));
      // No file made yet (most visits to home before the first backup): nothing to judge, nothing more to load.
      if (files.length === 0) {
        if (live) setRead({ files, rules: null });
        return;
      }
      const rules = await (async () => {
        // Loaded here, not with the page: the rules and the log's reader come with the cases' storage code.
        const [{ readRetentionPolicy }, { readDeletionLog }] = await Promise.all([import('../storage/retention-store'), import('../storage/purge')]);
        await whenVaultSettled();
        const [policy, log] = await Promise.all([readRetentionPolicy(store.db(), store.keys()), readDeletionLog(store.db(), store.keys())]);
        return { policy, purgeDays: log.map((e) => e.on) };
      })().catch(() => null);
      if (live) setRead({ files, rules });
    })();
    return () => {
      live = false;
    };
    // A change of the stored register or of `refresh` is the moment to read again, not a value read here.
    // oxlint-disable-next-line react/exhaustive-effect-dependencies
  }, [store, stored, refresh]);
  return useMemo(() => {
    if (!read || !cal) return undefined;
    const { files, rules } = read;
    return { files, lines: rules ? registerLines(files, rules.purgeDays, rules.policy, cal, nowIso()) : null };
  }, [read, cal]);
}
