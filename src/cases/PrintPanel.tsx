import { useId, useState } from 'react';
import { localDate } from '../../protocol/calendar';
import { INTERFACE_LANGUAGES, isPartialLanguage } from '../../protocol/languages';
import type { InterfaceLanguage } from '../../protocol/languages';
import type { CaseSnapshot } from '../../machines/replay';
import { downloadBlob } from '../app/download';
import { LanguageSelect } from '../app/LanguageSelect';
import { useI18n } from '../app/i18n';
import { schoolCalendar } from '../storage/calendar-setting';
import type { CaseEventRecord } from '../storage/db';
import { useSetting } from '../storage/setting-hooks';
import { verifyChain } from '../storage/case-repository';
import { useCaseStore } from '../storage/case-store';
import { letterFamilies } from '../pdf/families';
import { caseRef, nowIso } from './use-save';

const DOCS = ['case', 'referral'] as const;

/** The case file, the referral summary and the parents' letter as PDFs, in the language chosen here. */
export function PrintPanel({ caseId, snapshot, events, chainHead }: { caseId: string; snapshot: CaseSnapshot; events: CaseEventRecord[]; chainHead: string }) {
  const { t, shown } = useI18n();
  const school = useSetting<string>('school');
  const author = useSetting<string>('author');
  const [docLang, setDocLang] = useState<InterfaceLanguage>(shown);
  // Darija and Tamazight have the parents' letter only (docs/decisions/0020).
  const letterOnly = isPartialLanguage(docLang);
  const [redact, setRedact] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState(false);
  const [notLogged, setNotLogged] = useState(false);
  const store = useCaseStore();
  const hintId = useId();
  // One letter per family, about that family's child only: never a letter naming another child.
  const families = letterFamilies(snapshot);
  const print = async (doc: (typeof DOCS)[number] | 'parents', family?: string) => {
    setBusy(true);
    setRefused(false);
    setNotLogged(false);
    try {
      // The printed chain head vouches for the whole log: recomputed from the first event before any PDF.
      const chain = await verifyChain(store.db(), store.keys(), caseId);
      if (!chain.ok || chain.head !== chainHead) {
        setRefused(true);
        return;
      }
      const { makePdf } = await import('../pdf/make');
      const calendar = await schoolCalendar();
      const blob = await makePdf(
        doc,
        { caseRef: caseRef(caseId), snapshot, events, chainHead },
        { lang: docLang, redact, school: school ?? '', calendar, ...(family ? { family } : {}), ...(author ? { contact: author } : {}) },
      );
      // The PDF first: a referral in an emergency must not wait on a log (the log waits on the writers' lock).
      downloadBlob(`sanad-${doc}-${caseRef(caseId)}${family ? `-${family}` : ''}-${docLang}.pdf`, blob);
      // Then the print log, so a purge can name the paper to destroy; not awaited. If it fails, the teacher is told.
      const copy = { kind: doc, on: localDate(nowIso(), calendar), lang: docLang, redacted: redact };
      void import('../storage/retention-store').then(({ recordPrinted }) => recordPrinted(store.db(), store.keys(), caseId, copy)).catch(() => setNotLogged(true));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="action print">
      <summary>{t('pdf.title')}</summary>
      <label className="field">
        <span>{t('pdf.lang')}</span>
        <LanguageSelect value={docLang} onChange={setDocLang} languages={INTERFACE_LANGUAGES} />
      </label>
      {letterOnly && <p className="hint">{t('lang.letterOnly')}</p>}
      <label className="chip">
        <input type="checkbox" checked={redact} onChange={(e) => setRedact(e.target.checked)} aria-describedby={hintId} />
        {t('pdf.redact')}
      </label>
      {/* What redaction finds and what it cannot (nicknames, misspellings): the sender checks the copy. */}
      <p id={hintId} className="hint">
        {t('pdf.redactHint')}
      </p>
      {refused && (
        <p role="alert" className="problems">
          {t('error.altered')}
        </p>
      )}
      {notLogged && (
        <p role="status" className="reminder">
          {t('pdf.notLogged')}
        </p>
      )}
      <div className="buttons">
        {(letterOnly ? [] : DOCS).map((d) => (
          <button key={d} type="button" className="secondary" aria-disabled={busy || undefined} onClick={() => !busy && void print(d)}>
            {busy ? t('pdf.making') : t(`pdf.${d}`)}
          </button>
        ))}
        {families.map((f) => (
          <button key={f.id} type="button" className="secondary" aria-disabled={busy || undefined} onClick={() => !busy && void print('parents', f.id)}>
            {busy ? t('pdf.making') : `${t('pdf.parents')} — ${f.pseudonym}`}
          </button>
        ))}
      </div>
    </details>
  );
}
