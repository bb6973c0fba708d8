import { useEffect, useMemo, useState } from 'react';
import type { SchoolCalendar } from '../../protocol/calendar';
import { localDate } from '../../protocol/calendar';
import { appDb } from '../storage/instance';
import { sessionKeys } from '../storage/session';
import { schoolCalendar } from '../storage/calendar-setting';
import { loadCase } from '../storage/case-repository';
import type { CaseHistory } from '../stats/facts';
import type { Period } from '../stats/period';
import { useI18n } from '../app/i18n';
import { BarChart } from './BarChart';
import { PdfButton } from './PdfButton';
import { currentPeriod, dashboardData, periodChoices } from './dashboard-data';
import type { DashboardData } from './dashboard-data';
import { StatsExport } from './StatsExport';
import { chartSections, durationTable } from './sections';
import { downloadBlob } from '../app/download';

/** Reads every case of the vault, as plain event logs; a case that does not open is counted apart, never guessed. */
async function readHistories(): Promise<{ histories: CaseHistory[]; unreadable: number }> {
  const db = appDb();
  const keys = sessionKeys();
  const ids = (await db.cases.toCollection().primaryKeys()) as string[];
  const histories: CaseHistory[] = [];
  let unreadable = 0;
  for (const id of ids) {
    try {
      const loaded = await loadCase(db, keys, id);
      histories.push({ events: loaded.events.map((e) => e.event) });
    } catch {
      unreadable += 1;
    }
  }
  return { histories, unreadable };
}

/**
 * The head's dashboard: exact counts of the school's cases for a term or a school year, each chart with its
 * table. It shows counts only: no name, pseudonym, class or account of the facts ever reaches this page (the
 * counts come from the whitelisted facts of src/stats). Below, the export to the AREF.
 */
export function StatsPage() {
  const { t } = useI18n();
  const [loaded, setLoaded] = useState<{ histories: CaseHistory[]; unreadable: number; calendar: SchoolCalendar; now: string } | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    Promise.all([readHistories(), schoolCalendar()])
      .then(([h, calendar]) => live && setLoaded({ ...h, calendar, now: new Date().toISOString() }))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, []);
  return (
    <section className="stats" aria-labelledby="stats-title">
      <h2 id="stats-title">{t('stats.title')}</h2>
      <p>{t('stats.intro')}</p>
      {failed ? (
        <p role="alert" className="problems">
          {t('stats.readFailed')}
        </p>
      ) : loaded ? (
        <Dashboard {...loaded} />
      ) : (
        <p role="status">{t('stats.loading')}</p>
      )}
    </section>
  );
}

function Dashboard({ histories, unreadable, calendar, now }: { histories: CaseHistory[]; unreadable: number; calendar: SchoolCalendar; now: string }) {
  const { t } = useI18n();
  const choices = useMemo(() => periodChoices(calendar), [calendar]);
  const [periodId, setPeriodId] = useState(() => currentPeriod(choices, localDate(now, calendar))?.id ?? '');
  const period = choices.find((c) => c.id === periodId);
  // The school year as one left-to-right run: in Arabic, "2026-2027" after Arabic words would show as 2027-2026.
  const year = (c: Period) => `\u2066${c.schoolYear}\u2069`;
  const periodName = (c: Period) => (c.kind === 'year' ? t('stats.period.year', { year: year(c) }) : t('stats.period.term', { n: c.id.slice(-1), year: year(c) }));
  // The school id of the export does not matter here: the dashboard reads only the counts.
  const data = useMemo(() => {
    try {
      return period ? dashboardData(histories, period, 'school', calendar, now) : undefined;
    } catch {
      // A log the counting refuses (a value outside the whitelist): said, not drawn wrong.
      return null;
    }
  }, [histories, period, calendar, now]);

  if (!period) return <p role="alert">{t('stats.noPeriod')}</p>;
  return (
    <>
      <div className="field">
        <label htmlFor="stats-period">{t('stats.period')}</label>
        <select id="stats-period" value={period.id} onChange={(e) => setPeriodId(e.currentTarget.value)}>
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {periodName(c)}
            </option>
          ))}
        </select>
      </div>
      {data ? (
        <Charts data={data} period={period} periodLabel={periodName(period)} running={localDate(now, calendar) <= period.to} unreadable={unreadable} />
      ) : (
        <p role="alert" className="problems">
          {t('stats.readFailed')}
        </p>
      )}
      <StatsExport period={period} periodLabel={periodName(period)} histories={histories} calendar={calendar} />
    </>
  );
}

/** The charts of one period, each with its table, and the same charts as a PDF. */
function Charts({ data, period, periodLabel, running, unreadable }: { data: DashboardData; period: Period; periodLabel: string; running: boolean; unreadable: number }) {
  const { t, p, day, lang } = useI18n();
  const sections = chartSections(data, { t, p, locale: `${lang}-MA` });
  const durations = durationTable(data, { t, locale: `${lang}-MA` });
  const notes = [
    `${t('stats.periodDates', { from: day(period.from), to: day(period.to) })} ${t('stats.total', { count: String(data.exact.total) })}`,
    ...(running ? [t('stats.running')] : []),
    ...(unreadable > 0 ? [t('stats.unreadable', { count: String(unreadable) })] : []),
  ];
  const print = async () => {
    const { makeStatsPdf } = await import('../pdf/stats-report');
    const blob = await makeStatsPdf({ lang, title: t('stats.title'), period: periodLabel, notes, sections, tables: [durations] });
    downloadBlob(`sanad-statistics-${period.id}.pdf`, blob);
  };

  return (
    <>
      <p data-testid="stats-total" role="status">
        {notes[0]}
      </p>
      {running && <p className="reminder">{t('stats.running')}</p>}
      {unreadable > 0 && <p className="problems">{t('stats.unreadable', { count: String(unreadable) })}</p>}
      <PdfButton label={t('stats.pdf')} make={print} />
      {sections.map((s) => (
        <BarChart key={s.id} title={s.title} labelHeader={s.labelHeader} series={s.series} rows={s.rows} />
      ))}
      {data.openByStep.length === 0 && <p>{t('stats.noneOpen')}</p>}
      <table className="stats-table stats-durations">
        <caption>
          <h3>{durations.title}</h3>
        </caption>
        <thead>
          <tr>
            {durations.headers.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {durations.rows.map(([label, ...cells]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {cells.map((c, i) => (
                <td key={i}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
