import type { UiKey } from '../i18n/ui';
import type { SyncProblem, SyncStatus } from './control';

/** Each problem's sentence: what happened and what to do, never a stack trace. */
export const PROBLEM_TEXT: Record<SyncProblem, UiKey> = {
  badAddress: 'sync.problem.badAddress',
  otherOrigin: 'sync.problem.otherOrigin',
  offline: 'sync.problem.offline',
  unreachable: 'sync.problem.unreachable',
  unauthorized: 'sync.problem.unauthorized',
  forbidden: 'sync.problem.forbidden',
  noDatabase: 'sync.problem.noDatabase',
  notCouch: 'sync.problem.notCouch',
  noRules: 'sync.problem.noRules',
  serverError: 'sync.problem.serverError',
  serverRefused: 'sync.problem.serverRefused',
  local: 'sync.problem.local',
};

type T = (key: UiKey, vars?: Record<string, string>) => string;

/** The status in words, as the indicator on every page and the Team settings say it. */
export function statusText(t: T, s: SyncStatus): string {
  switch (s.kind) {
    case 'off':
    case 'starting':
      return t('sync.status.starting');
    case 'joining':
      return t('sync.status.joining');
    case 'noKey':
      return t('sync.status.noKey');
    case 'synced':
      // Records refused (altered, or from a device this one does not know) are said on every page, not only in
      // the settings: one of them may be an emergency recorded elsewhere.
      return s.refused > 0 ? t('sync.status.syncedRefused', { count: String(s.refused) }) : t('sync.status.synced');
    case 'waiting':
      return t('sync.status.waiting', { count: String(s.count) });
    case 'offline':
      return t('sync.status.offline', { count: String(s.count) });
    case 'error':
      return t('sync.status.error', { problem: t(PROBLEM_TEXT[s.problem], { origin: location.origin }) });
  }
}
