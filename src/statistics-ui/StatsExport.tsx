import { useState } from 'react';
import type { SchoolCalendar } from '../../protocol/calendar';
import { aggregate } from '../stats/aggregate';
import { buildExport, exportFileNames, SCHOOL_ID, toCsv, toJson } from '../stats/export';
import type { CaseHistory } from '../stats/facts';
import { statsMessage } from '../stats/messages';
import { nextDay, periodEnded } from '../stats/period';
import type { Period } from '../stats/period';
import { downloadBlob } from '../app/download';
import { useI18n } from '../app/i18n';
import type { IssuedPeriod } from '../stats/issuance';
import { saveSetting, useSettingOrNull } from '../storage/app-db';
import type { StatsExport as Published } from '../stats/export';
import { exportPdfLabels } from './export-labels';
import { ISSUED_KEY, issueExport } from './issue';
import { PdfButton } from './PdfButton';

/**
 * The export to the AREF and the observatory (sanad-stats/1), built here from the school's cases by the same
 * code as the CLI: exact counts, disclosure control, then the files. Refusals are worded by the statistics
 * module, in the user's language; one it has no wording for is shown as it comes. The school's register of
 * issued periods is a sealed setting: an overlapping period, or a period again with other figures, is refused
 * (two such files at the AREF could be subtracted), and the register is saved before the files are offered.
 * Once issued, the same export can be downloaded as a PDF (src/pdf/stats-export.ts), drawn from its published
 * cells only.
 */
export function StatsExport({ period, periodLabel, histories, calendar }: { period: Period; periodLabel: string; histories: readonly CaseHistory[]; calendar: SchoolCalendar }) {
  const { t, p, day, lang } = useI18n();
  const [school, setSchool] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; lines: string[] } | null>(null);
  // `undefined` while the register loads (or if it cannot be read): no export is made without it.
  const issued = useSettingOrNull<IssuedPeriod[]>(ISSUED_KEY);
  const [busy, setBusy] = useState(false);
  // The export just issued, for its PDF: the published cells only, never the exact counts.
  const [issuedExport, setIssuedExport] = useState<{ ex: Published; pdf: string } | null>(null);
  // Offered once a re-issue with other figures was refused: the school then says it is a correction.
  const [askCorrection, setAskCorrection] = useState(false);
  const [correction, setCorrection] = useState(false);

  const make = async () => {
    if (issued === undefined) return;
    setIssuedExport(null);
    const id = school.trim();
    if (!SCHOOL_ID.test(id)) return setMessage({ ok: false, lines: [statsMessage(lang, 'badSchool', { school: id })] });
    // The one place this export reads the clock: the statistics module takes the time as a value.
    const generatedAt = new Date().toISOString();
    if (!periodEnded(period, generatedAt, calendar)) return setMessage({ ok: false, lines: [statsMessage(lang, 'notEnded', { period: period.id, to: period.to, next: nextDay(period.to) })] });
    try {
      const exact = aggregate(histories, period, id, calendar);
      const ex = buildExport(exact, generatedAt, calendar);
      const issue = await issueExport(issued ?? [], ex, period, id, lang, { correction: askCorrection && correction });
      if (!issue.ok) {
        if (issue.code === 'changed') setAskCorrection(true);
        return setMessage({ ok: false, lines: [issue.message] });
      }
      await saveSetting(ISSUED_KEY, issue.register);
      const names = exportFileNames(id, period.id);
      downloadBlob(names.csv, new Blob([toCsv(ex)], { type: 'text/csv;charset=utf-8' }));
      downloadBlob(names.json, new Blob([toJson(ex)], { type: 'application/json' }));
      const notes = [
        ...(issue.correction ? [statsMessage(lang, 'corrected', { period: period.id })] : []),
        ...(ex.empty ? [statsMessage(lang, 'empty', { period: period.id })] : exact.total < 10 ? [statsMessage(lang, 'fewCases', { period: period.id })] : []),
      ];
      setAskCorrection(false);
      setCorrection(false);
      setMessage({ ok: true, lines: [...notes, t('stats.export.done', { csv: names.csv, json: names.json })] });
      setIssuedExport({ ex, pdf: names.pdf });
    } catch (err) {
      setMessage({ ok: false, lines: [err instanceof Error ? err.message : String(err)] });
    }
  };

  const downloadPdf = async () => {
    if (!issuedExport) return;
    const { makeExportPdf } = await import('../pdf/stats-export');
    downloadBlob(issuedExport.pdf, await makeExportPdf(issuedExport.ex, lang, exportPdfLabels({ t, p, day })));
  };

  return (
    <section className="panel stats-export" aria-labelledby="stats-export-title">
      <h3 id="stats-export-title">{t('stats.export.title')}</h3>
      <p>{t('stats.export.intro', { period: periodLabel })}</p>
      <form
        className="stats-export-form"
        autoComplete="off"
        onSubmit={(e) => {
          e.preventDefault();
          if (busy) return;
          setBusy(true);
          void make().finally(() => setBusy(false));
        }}
      >
        <div className="field">
          <label htmlFor="stats-school">{t('stats.export.school')}</label>
          <input id="stats-school" dir="ltr" aria-describedby="stats-school-hint" value={school} onChange={(e) => setSchool(e.currentTarget.value)} spellCheck={false} />
          <p id="stats-school-hint" className="hint">
            {t('stats.export.schoolHint')}
          </p>
        </div>
        {askCorrection && (
          <label className="chip">
            <input type="checkbox" checked={correction} onChange={(e) => setCorrection(e.currentTarget.checked)} />
            {t('stats.export.correction')}
          </label>
        )}
        <button type="submit" disabled={issued === undefined || busy}>
          {t('stats.export.button')}
        </button>
      </form>
      {message && (
        <div role={message.ok ? 'status' : 'alert'} className={message.ok ? 'stats-export-done' : 'problems'} data-testid="stats-export-message">
          {message.lines.map((l) => (
            <p key={l}>{l}</p>
          ))}
        </div>
      )}
      {issuedExport?.ex.period.id === period.id && <PdfButton label={t('stats.export.pdf')} make={downloadPdf} />}
    </section>
  );
}
