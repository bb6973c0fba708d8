import { useEffect, useState } from 'react';
import type { BackupProgress } from '../storage/backup-v2';
import type { UiKey } from '../i18n/ui';
import { useI18n } from './i18n';

/** Latin digits, grouped as each language of the app writes them (3 200 / 3,200). */
const GROUPING: Record<string, string> = { ar: 'fr-MA', fr: 'fr-MA', en: 'en-GB' };

/**
 * Fired on the window each time a running job shows that it moved on: the idle lock (lock.ts) counts it as
 * activity, since a teacher watching a backup's progress is not away, and a job longer than the lock's delay
 * must not be ended by it. A job that stops moving on no longer keeps the tab unlocked.
 */
export const JOB_MOVED_ON = 'sanad:job-moved-on';

/** Seconds left at the pace so far: none until a few cases have gone, to avoid a wild first guess. */
export function secondsLeft(p: BackupProgress, elapsedMs: number): number | null {
  if (p.done < 1 || p.total <= p.done || elapsedMs < 1_000) return null;
  return Math.ceil(((p.total - p.done) * elapsedMs) / p.done / 1000);
}

/**
 * A long backup job under way: what is being done ("case 3,200 of 10,000"), a progress bar, the time left,
 * and Cancel. The bar is a native <progress> named by the sentence, so screen readers announce both.
 */
export function JobProgress({ doing, progress, startedAt, onCancel }: { doing: UiKey; progress: BackupProgress | null; startedAt: number; onCancel: () => void }) {
  const { t, lang } = useI18n();
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (progress) window.dispatchEvent(new Event(JOB_MOVED_ON));
  }, [progress]);
  const n = new Intl.NumberFormat(GROUPING[lang] ?? 'en-GB');
  const left = progress ? secondsLeft(progress, now - startedAt) : null;
  const timeLeft = left === null ? '' : left < 60 ? t('job.secondsLeft', { n: String(left) }) : t('job.minutesLeft', { n: String(Math.ceil(left / 60)) });
  const where = progress && progress.total > 0 ? t('job.caseOf', { done: n.format(progress.done), total: n.format(progress.total) }) : t('job.starting');
  return (
    <div className="job-progress" role="group" aria-labelledby="job-doing">
      {/* Not a live region: it changes with every piece; the outcome is announced when the job ends. */}
      <p id="job-doing">
        {t(doing)} {where}
        {timeLeft && ` · ${timeLeft}`}
      </p>
      <progress aria-labelledby="job-doing" max={progress?.total || 1} value={progress?.total ? progress.done : undefined} />
      <button type="button" className="secondary" onClick={onCancel}>
        {t('job.cancel')}
      </button>
    </div>
  );
}
