import { useEffect } from 'react';
import { useI18n } from '../app/i18n';
import { href } from '../app/router';
import { useSettingOrNull } from '../storage/setting-hooks';
import { SYNC_SERVER_KEY } from '../storage/sync-enrol';
import type { SyncServer } from '../storage/sync-enrol';
import { useSyncStatus } from './control';
// Styles come with these components, not with the first screen (app.css): a side-effect import is the way.
// oxlint-disable-next-line import/no-unassigned-import
import './sync-ui.css';
import { statusText } from './status-text';

/**
 * The sync status on every page while the vault is unlocked and sync is on, in words (synced, N waiting, offline,
 * error), linking to the Team settings. It starts the replicator, which is downloaded only then.
 */
export default function SyncIndicator() {
  const { t } = useI18n();
  const server = useSettingOrNull<SyncServer>(SYNC_SERVER_KEY);
  const on = !!server;
  useEffect(() => {
    if (!on) return;
    let live = true;
    let stop: (() => void) | undefined;
    void import('./runner').then((m) => {
      if (live) stop = m.startRunner();
    });
    return () => {
      live = false;
      stop?.();
    };
  }, [on]);
  const status = useSyncStatus();
  if (!on) return null;
  return (
    <p className={`sync-status ${status.kind}`} role="status" data-testid="sync-status">
      <a href={`${href({ name: 'settings' })}`}>{statusText(t, status)}</a>
    </p>
  );
}
