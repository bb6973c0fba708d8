import { useState } from 'react';
import type { CaseEvent } from '../../machines/events';
import { impliedTriggersOf } from '../../machines/facts';
import type { CaseSnapshot } from '../../machines/replay';
import { SEVERITY_LEVELS } from '../../protocol/severity';
import type { SeverityLevel } from '../../protocol/severity';
import { TRIGGER_ANSWERS, TRIGGER_IDS } from '../../protocol/triggers';
import type { TriggerAnswer, TriggerId } from '../../protocol/triggers';
import { CATEGORY_CODES, impliedTriggers, suggestedLevel } from '../../protocol/typology';
import type { CategoryCode } from '../../protocol/typology';
import { ErrorSummary, invalidProps } from '../app/ErrorSummary';
import type { FormProblem } from '../app/ErrorSummary';
import { useI18n } from '../app/i18n';
import type { UiKey } from '../i18n/ui';
import { useRecord } from '../storage/app-db';
import { nowIso, useSave } from './use-save';

const ANSWER_LABEL: Record<TriggerAnswer, UiKey> = { yes: 'triage.yes', no: 'triage.no', unknown: 'triage.unknown' };
const SCREENING = ['repeated', 'powerImbalance', 'harmful', 'likelyReshared'] as const;

/**
 * The T1–T7 questions, categories, severity and screening. A "yes" to any trigger is saved at once, with the
 * answers given so far: the case goes to emergency escalation in the same tap (the protocol does not wait for
 * the other answers). In emergency escalation the same panel asks what is still unanswered, to finish later.
 */
export function TriagePanel({ caseId, snapshot, author, mode = 'triage' }: { caseId: string; snapshot: CaseSnapshot; author: string; mode?: 'triage' | 'emergency' }) {
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
  const emergency = mode === 'emergency';
  const anyYes = TRIGGER_IDS.some((id) => answers[id] === 'yes');
  const suggested = suggestedLevel(codes);
  const shown = emergency ? TRIGGER_IDS.filter((id) => !ctx.triggers[id]) : TRIGGER_IDS;

  /** The answers chosen and not yet recorded, in T1–T7 order. */
  const answerEvents = (chosen: Partial<Record<TriggerId, TriggerAnswer>>, at: string): CaseEvent[] =>
    TRIGGER_IDS.flatMap((id): CaseEvent[] => {
      const a = chosen[id];
      return a && ctx.triggers[id]?.answer !== a ? [{ type: 'trigger.answer', at, by: author, trigger: id, answer: a }] : [];
    });

  const answer = (id: TriggerId, a: TriggerAnswer) => {
    const chosen = { ...answers, [id]: a };
    setAnswers(chosen);
    // One "yes" is enough: record it now, with what was answered and chosen before it, and let the case escalate.
    if (a === 'yes') {
      const at = nowIso();
      const out = answerEvents(chosen, at);
      if (codes.join() !== ctx.categories.join()) out.push({ type: 'category.set', at, by: author, codes });
      void save(() => record(caseId, out));
    }
  };

  const events = (): CaseEvent[] => {
    const at = nowIso();
    const out = answerEvents(answers, at);
    if (codes.join() !== ctx.categories.join()) out.push({ type: 'category.set', at, by: author, codes });
    if (emergency) return out;
    // With a hard trigger the level is 4, recorded by the trigger itself.
    if (!anyYes && level !== '' && (level !== ctx.level || ctx.needsRerating)) out.push({ type: 'severity.rate', at, by: author, level, rationale: rationale.trim() });
    out.push({ type: 'triage.complete', at, by: author, ...screening });
    return out;
  };
  const needsRationale = !anyYes && level !== '' && (level !== ctx.level || ctx.needsRerating) && !rationale.trim();
  // Said before the click: a category that implies a trigger makes that trigger "yes".
  const implied = codes.flatMap((c) => impliedTriggers([c]).filter((id) => answers[id] !== 'yes').map((id) => ({ c, id })));
  const ready = emergency
    ? events().length > 0
    : TRIGGER_IDS.every((id) => answers[id]) && codes.length > 0 && (anyYes || level !== '') && !needsRationale;
  // "Complete triage" is never a dead button: pressed too early, it says what is missing.
  const [missingShown, setMissingShown] = useState(false);
  const unanswered = TRIGGER_IDS.filter((id) => !answers[id]);
  // A trigger meant by a category or a person (an intimate image, an adult) is never answered "no" for the teacher.
  const mustBeYes = new Set<TriggerId>([...impliedTriggersOf(ctx).map((x) => x.trigger), ...impliedTriggers(codes)]);
  // Each item names the control to fix: the summary moves the focus there.
  const missing: FormProblem[] = [
    ...(unanswered.length > 0 ? [{ text: t('triage.missingAnswers', { ids: unanswered.join(', ') }), field: `triage-${unanswered[0]}-${TRIGGER_ANSWERS[0]}` }] : []),
    ...(codes.length === 0 ? [{ text: t('triage.missingCategory'), field: `triage-category-${CATEGORY_CODES[0]}` }] : []),
    ...(!anyYes && level === '' ? [{ text: t('triage.missingLevel'), field: 'triage-level' }] : []),
    ...(needsRationale ? [{ text: t('triage.missingRationale'), field: 'triage-rationale' }] : []),
  ];
  const [attempt, setAttempt] = useState(0);
  const summary: FormProblem[] = [...(missingShown ? missing : []), ...(error ? [{ text: error }] : [])];
  const complete = async () => {
    setAttempt((n) => n + 1);
    if (!ready) return setMissingShown(true);
    setMissingShown(false);
    if (!(await save(() => record(caseId, events())))) setAttempt((n) => n + 1);
  };

  return (
    <section className="panel" aria-labelledby="triage-title" data-keep-on-lock>
      <h3 id="triage-title">{t(emergency ? 'triage.finishTitle' : 'triage.title')}</h3>
      <p className="hint">{t(emergency ? 'triage.finishIntro' : 'triage.intro')}</p>
      {!emergency && !anyYes && unanswered.length > 0 && (
        <button type="button" className="secondary" onClick={() => setAnswers({ ...Object.fromEntries(unanswered.filter((id) => !mustBeYes.has(id)).map((id) => [id, 'no'])), ...answers })}>
          {t('triage.noneApply')}
        </button>
      )}
      {shown.map((id) => (
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
                  id={`triage-${id}-${a}`}
                  {...invalidProps(summary, `triage-${id}-${TRIGGER_ANSWERS[0]}`)}
                  autoComplete="off"
                  type="radio"
                  name={`trigger-${id}`}
                  value={a}
                  checked={answers[id] === a}
                  disabled={ctx.triggers[id]?.answer === 'yes' || busy}
                  onChange={() => answer(id, a)}
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
              <input id={`triage-category-${c}`} {...invalidProps(summary, `triage-category-${CATEGORY_CODES[0]}`)} autoComplete="off" type="checkbox" checked={codes.includes(c)} onChange={(e) => setCodes(e.target.checked ? [...codes, c] : codes.filter((x) => x !== c))} />
              {p(`category.${c}.label`)}
            </label>
          ))}
        </div>
        {!emergency && suggested !== undefined && <p className="hint">{t('triage.suggested', { level: String(suggested) })}</p>}
        {implied.map(({ c, id }) => (
          <p key={`${c}-${id}`} className="hint warning" role="status">
            {t('triage.implies', { category: p(`category.${c}.label`), trigger: id })}
          </p>
        ))}
      </fieldset>
      {!emergency && !anyYes && (
        <>
          <label className="field">
            <span>{t('triage.level')}</span>
            <select id="triage-level" autoComplete="off" {...invalidProps(summary, 'triage-level')} value={level} onChange={(e) => setLevel(e.target.value === '' ? '' : (Number(e.target.value) as SeverityLevel))}>
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
            <textarea id="triage-rationale" autoComplete="off" {...invalidProps(summary, 'triage-rationale')} dir="auto" rows={2} value={rationale} onChange={(e) => setRationale(e.target.value)} />
          </label>
          <fieldset>
            <legend>{t('triage.screening')}</legend>
            {SCREENING.map((k) => (
              <label key={k} className="chip">
                <input id={`triage-${k}`} autoComplete="off" type="checkbox" checked={screening[k]} onChange={(e) => setScreening({ ...screening, [k]: e.target.checked })} />
                {t(`triage.${k}`)}
              </label>
            ))}
          </fieldset>
        </>
      )}
      <ErrorSummary problems={summary} attempt={attempt} title={missingShown && missing.length > 0 ? t('triage.missing') : undefined} />
      <button type="button" aria-disabled={busy || (emergency && !ready) || undefined} onClick={() => !busy && (emergency ? ready && void save(() => record(caseId, events())) : void complete())}>
        {t(emergency ? 'triage.saveAnswers' : 'triage.complete')}
      </button>
    </section>
  );
}
