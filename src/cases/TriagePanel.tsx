import { useState } from 'react';
import type { CaseEvent } from '../../machines/events';
import type { CaseSnapshot } from '../../machines/replay';
import { SEVERITY_LEVELS } from '../../protocol/severity';
import type { SeverityLevel } from '../../protocol/severity';
import { TRIGGER_ANSWERS, TRIGGER_IDS } from '../../protocol/triggers';
import type { TriggerAnswer, TriggerId } from '../../protocol/triggers';
import { CATEGORY_CODES, impliedTriggers, suggestedLevel } from '../../protocol/typology';
import type { CategoryCode } from '../../protocol/typology';
import { useI18n } from '../app/i18n';
import type { UiKey } from '../i18n/ui';
import { useRecord } from '../storage/app-db';
import { nowIso, useSave } from './use-save';

const ANSWER_LABEL: Record<TriggerAnswer, UiKey> = { yes: 'triage.yes', no: 'triage.no', unknown: 'triage.unknown' };
const SCREENING = ['repeated', 'powerImbalance', 'harmful', 'likelyReshared'] as const;

/** The T1–T7 questions, categories, severity and screening; completing records them as one set of events. */
export function TriagePanel({ caseId, snapshot, author }: { caseId: string; snapshot: CaseSnapshot; author: string }) {
  const { t, p } = useI18n();
  const record = useRecord();
  const ctx = snapshot.context;
  const [answers, setAnswers] = useState<Partial<Record<TriggerId, TriggerAnswer>>>(() =>
    Object.fromEntries(TRIGGER_IDS.flatMap((id) => (ctx.triggers[id] ? [[id, ctx.triggers[id]?.answer]] : []))),
  );
  const [codes, setCodes] = useState<CategoryCode[]>(ctx.categories);
  const [level, setLevel] = useState<SeverityLevel | ''>(ctx.needsRerating ? '' : (ctx.level ?? ''));
  const [rationale, setRationale] = useState('');
  const [screening, setScreening] = useState<Record<(typeof SCREENING)[number], boolean>>({ repeated: false, powerImbalance: false, harmful: false, likelyReshared: false });
  const { error, busy, save } = useSave();
  const anyYes = TRIGGER_IDS.some((id) => answers[id] === 'yes');
  const suggested = suggestedLevel(codes);

  const events = (): CaseEvent[] => {
    const at = nowIso();
    const by = author;
    const out: CaseEvent[] = [];
    for (const id of TRIGGER_IDS) {
      const a = answers[id];
      if (a && ctx.triggers[id]?.answer !== a) out.push({ type: 'trigger.answer', at, by, trigger: id, answer: a });
    }
    if (codes.join() !== ctx.categories.join()) out.push({ type: 'category.set', at, by, codes });
    // With a hard trigger the level is 4, recorded by the trigger itself.
    if (!anyYes && level !== '' && (level !== ctx.level || ctx.needsRerating)) out.push({ type: 'severity.rate', at, by, level, rationale: rationale.trim() });
    out.push({ type: 'triage.complete', at, by, ...screening });
    return out;
  };
  const needsRationale = !anyYes && level !== '' && (level !== ctx.level || ctx.needsRerating) && !rationale.trim();
  // Said before the click: a category that implies a trigger answered otherwise would be refused.
  const contradictions = codes.flatMap((c) => impliedTriggers([c]).filter((id) => answers[id] !== 'yes').map((id) => ({ c, id })));
  const ready = TRIGGER_IDS.every((id) => answers[id]) && codes.length > 0 && (anyYes || level !== '') && !needsRationale && contradictions.length === 0;

  return (
    <section className="panel" aria-labelledby="triage-title">
      <h3 id="triage-title">{t('triage.title')}</h3>
      <p className="hint">{t('triage.intro')}</p>
      {TRIGGER_IDS.map((id) => (
        <fieldset key={id} className={`trigger ${answers[id] === 'yes' ? 'is-yes' : ''}`}>
          <legend>
            <strong>
              <bdi>{id}</bdi>
            </strong>{' · '}
            {p(`trigger.${id}.question`)}
          </legend>
          <div className="answers">
            {TRIGGER_ANSWERS.map((a) => (
              <label key={a} className="chip">
                <input
                  type="radio"
                  name={`trigger-${id}`}
                  value={a}
                  checked={answers[id] === a}
                  disabled={ctx.triggers[id]?.answer === 'yes'}
                  onChange={() => setAnswers({ ...answers, [id]: a })}
                />
                {t(ANSWER_LABEL[a])}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <fieldset>
        <legend>{t('triage.categories')}</legend>
        <div className="chips">
          {CATEGORY_CODES.map((c) => (
            <label key={c} className="chip">
              <input type="checkbox" checked={codes.includes(c)} onChange={(e) => setCodes(e.target.checked ? [...codes, c] : codes.filter((x) => x !== c))} />
              {p(`category.${c}.label`)}
            </label>
          ))}
        </div>
        {suggested !== undefined && <p className="hint">{t('triage.suggested', { level: String(suggested) })}</p>}
        {contradictions.map(({ c, id }) => (
          <p key={`${c}-${id}`} className="hint warning" role="status">
            {t('triage.implies', { category: p(`category.${c}.label`), trigger: id })}
          </p>
        ))}
      </fieldset>
      {!anyYes && (
        <>
          <label className="field">
            <span>{t('triage.level')}</span>
            <select value={level} onChange={(e) => setLevel(e.target.value === '' ? '' : (Number(e.target.value) as SeverityLevel))}>
              <option value="">{t('choice.unset')}</option>
              {SEVERITY_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {l} · {p(`severity.${l}.label`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('triage.rationale')}</span>
            <textarea dir="auto" rows={2} value={rationale} onChange={(e) => setRationale(e.target.value)} />
          </label>
          <fieldset>
            <legend>{t('triage.screening')}</legend>
            {SCREENING.map((k) => (
              <label key={k} className="chip">
                <input type="checkbox" checked={screening[k]} onChange={(e) => setScreening({ ...screening, [k]: e.target.checked })} />
                {t(`triage.${k}`)}
              </label>
            ))}
          </fieldset>
        </>
      )}
      {error && (
        <p className="problems" role="alert">
          {t(error)}
        </p>
      )}
      <button type="button" disabled={!ready || busy} className={anyYes ? 'danger' : ''} onClick={() => void save(() => record(caseId, events()))}>
        {t('triage.complete')}
      </button>
    </section>
  );
}
