import { Fragment } from 'react';
import type { ReactNode } from 'react';
import { TRIGGER_IDS } from '../../protocol/triggers';
import type { CaseContext, Stamp } from '../../machines/case-context';
import { useI18n } from '../app/i18n';
import type { UiKey } from '../i18n/ui';
import { Typed } from './Typed';

/** On the case page the record folds under its title; in training it stays open. */
function Wrap({ fold, title, children }: { fold: boolean; title: ReactNode; children: ReactNode }) {
  return fold ? (
    <details className="fold record" id="record">
      <summary>{title}</summary>
      {children}
    </details>
  ) : (
    <section aria-labelledby="record-title" className="record">
      {title}
      {children}
    </section>
  );
}

/**
 * The case as it stands, item by item (the chronology tells it event by event): people, evidence with its
 * state, referrals with references and status, parents, interviews, closure. User text is always text,
 * isolated with dir="auto"; links and handles are shown, never made clickable.
 */
export function CaseRecord({ ctx, fold = false }: { ctx: CaseContext; fold?: boolean }) {
  const { t, p, f, fData, when } = useI18n();
  const party = (id: string) => ctx.parties.find((x) => x.id === id)?.pseudonym ?? id;
  const stamp = (s: Stamp) => <p className="hint">{t('record.recorded', { when: when(s.at), by: s.by })}</p>;
  const state = (value: unknown) => t(`record.state.${String(value)}` as UiKey);
  // `typed`: the value is what someone wrote (see Typed), not the app's own words.
  const row = (label: string, value: ReactNode, typed = false) =>
    value === undefined || value === '' ? null : (
      <>
        <dt>{label}</dt>
        <dd>{typeof value === 'string' ? typed ? <Typed>{value}</Typed> : <bdi dir="auto">{value}</bdi> : value}</dd>
      </>
    );
  const part = (key: UiKey, show: boolean, body: ReactNode) =>
    show && (
      // A part of the record, named by its heading: a group, not a landmark (a case page would list dozens).
      <div className="record-part" role="group" aria-labelledby={`record-${key}`}>
        <h4 id={`record-${key}`}>{t(key)}</h4>
        {body}
      </div>
    );

  return (
    <Wrap fold={fold} title={<h3 id="record-title">{t('record.title')}</h3>}>
      {part(
        'record.report',
        ctx.intake !== undefined || Object.keys(ctx.triggers).length > 0,
        <dl>
          {row(f('field.narrative'), ctx.intake?.narrative, true)}
          {row(f('field.platforms'), ctx.intake?.platforms.map((x) => p(`platform.${x}`)).join(' · '))}
          {TRIGGER_IDS.map((id) => {
            const answer = ctx.triggers[id]?.answer;
            return answer && row(`${id} · ${p(`trigger.${id}.label`)}`, f(`opt.answer.${answer}`));
          })}
          {row(f('field.codes'), ctx.categories.map((c) => p(`category.${c}.label`)).join(' · '))}
          {row(f('field.level'), ctx.level === undefined ? undefined : `${ctx.level} · ${p(`severity.${ctx.level}.label`)}`)}
          {row(f('field.rationale'), ctx.severityHistory.at(-1)?.rationale, true)}
          {row(f('field.informed'), ctx.leadInformed && fData(`opt.informed.${ctx.leadInformed.informed}`))}
        </dl>,
      )}
      {part(
        'record.decisions',
        ctx.trackHistory.length > 0 || !!ctx.emergency || !!ctx.safetyPlan || ctx.measures.length > 0 || ctx.followUps.length > 0 || ctx.monitoringChecks.length > 0,
        <dl>
          {row(t('case.track'), ctx.track && f(`opt.track.${ctx.track}`))}
          {row(f('field.rationale'), ctx.trackHistory.at(-1)?.rationale, true)}
          {row(f('field.interviewers'), ctx.interviewers.join(', '), true)}
          {row(f('verb.trackA.allow'), ctx.trackAAllowed && `${ctx.trackAAllowed.reason} · ${t('record.decidedBy', { who: ctx.trackAAllowed.decidedBy })}`)}
          {row(f('verb.safety.confirm'), ctx.emergency?.safetyConfirmed?.note, true)}
          {row(f('verb.prosecutor.decide'), ctx.prosecutorDecision && `${f(`opt.decision.${ctx.prosecutorDecision.decision}`)} — ${ctx.prosecutorDecision.reason}`)}
          {row(f('field.measures'), ctx.safetyPlan?.measures, true)}
          {ctx.supportLog.map((x, i) => <Fragment key={`s${i}`}>{row(f('verb.support.record'), x.note, true)}</Fragment>)}
          {ctx.measures.map((x, i) => <Fragment key={`m${i}`}>{row(f(`opt.measureKind.${x.kind}`), x.description, true)}</Fragment>)}
          {ctx.followUps.map((x, i) => (
            <Fragment key={`f${i}`}>{row(`${f('verb.followUp.record')} · ${when(x.at)}`, [f(`opt.targetReport.${x.targetReport}`), x.note].filter(Boolean).join(' — '))}</Fragment>
          ))}
          {ctx.monitoringChecks.map((x, i) => (
            <Fragment key={`c${i}`}>{row(`${f('verb.monitoring.check')} · ${when(x.at)}`, [f(`opt.targetReport.${x.targetReport}`), x.note].filter(Boolean).join(' — '))}</Fragment>
          ))}
          {ctx.notes.map((x, i) => <Fragment key={`n${i}`}>{row(`${f('field.text')} · ${when(x.at)}`, x.text, true)}</Fragment>)}
        </dl>,
      )}
      {part(
        'record.parties',
        ctx.parties.length > 0,
        <ul className="cards">
          {ctx.parties.map((x) => (
            <li key={x.id}>
              <strong>
                <Typed>{x.pseudonym}</Typed>
              </strong>{' '}
              · {p(`partyRole.${x.role}`)}
              <dl>
                {row(f('field.name'), x.name, true)}
                {row(f('field.className'), x.className, true)}
                {row(f('field.ageBand'), x.ageBand && p(`ageBand.${x.ageBand}`))}
              </dl>
            </li>
          ))}
        </ul>,
      )}
      {part(
        'record.evidence',
        ctx.evidence.length > 0,
        <ul className="cards">
          {ctx.evidence.map((x) => (
            <li key={x.id}>
              <strong>
                <Typed>{x.description}</Typed>
              </strong>
              {x.isIntimateImageOfMinor && <p className="problems">{t('record.describedOnly')}</p>}
              <dl>
                {row(f('field.status'), state(x.status))}
                {row(f('field.kind'), f(`opt.evidenceKind.${x.kind}`))}
                {row(f('field.platform'), x.platform && p(`platform.${x.platform}`))}
                {row(f('field.accountHandle'), x.accountHandle, true)}
                {row(f('field.url'), x.url, true)}
                {row(f('field.contentAt'), x.contentAt && when(x.contentAt))}
                {row(f('field.capturedAt'), x.capturedAt && when(x.capturedAt))}
                {row(f('field.storageLocation'), x.storageLocation, true)}
                {row(f('field.file'), x.file)}
                {row(f('field.sha256'), x.sha256)}
                {row(f('field.disposition'), x.disposition && fData(`opt.disposition.${x.disposition}`))}
              </dl>
              {stamp(x)}
            </li>
          ))}
        </ul>,
      )}
      {part(
        'record.referrals',
        ctx.referrals.length > 0,
        <ul className="cards">
          {ctx.referrals.map((x) => (
            <li key={x.id}>
              <strong>{p(`channel.${x.channel}.name`)}</strong> · {state(x.status)}
              <dl>
                {row(f('field.reference'), x.reference)}
                {row(f('field.ticket'), x.ticket)}
                {row(f('field.contactPerson'), x.contactPerson)}
                {row(f('field.whatShared'), x.whatShared)}
                {row(f('field.status'), x.result && f(`opt.status.${x.result}`))}
                {row(f('field.schoolMayInterview'), x.acknowledgements.some((a) => a.schoolMayInterview) ? f('opt.schoolMayInterview.true') : undefined)}
                {row(f('field.outcome'), x.outcome)}
                {row(f('field.reason'), x.reason, true)}
              </dl>
              {stamp(x)}
            </li>
          ))}
        </ul>,
      )}
      {part(
        'record.parents',
        ctx.families.length > 0,
        <ul className="cards">
          {ctx.families.map((family) => (
            <li key={family.partyId}>
              <strong>
                <Typed>{ctx.parties.find((x) => x.id === family.partyId)?.pseudonym ?? family.partyId}</Typed>
              </strong>{' '}
              · {state(family.status)}
              <ul>
                {family.log.map((x, i) => (
                  <li key={i}>
                    {p(`event.parent.${x.action}`)}
                    {x.detail && (
                      <>
                        {' — '}
                        <Typed>{x.detail}</Typed>
                      </>
                    )}
                    {x.decidedBy && (
                      <>
                        {' · '}
                        {t('record.decidedBy', { who: x.decidedBy })}
                      </>
                    )}
                    {stamp(x)}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>,
      )}
      {part(
        'record.interviews',
        ctx.interviews.length > 0,
        <ul className="cards">
          {ctx.interviews.map((x) => (
            <li key={x.id}>
              <strong>
                <Typed>{party(x.partyId)}</Typed>
              </strong>{' '}
              · {f(`opt.interviewKind.${x.kind}`)}
              <dl>
                {row(f('field.interviewer'), x.interviewer)}
                {row(f('field.durationMinutes'), x.durationMinutes === undefined ? undefined : String(x.durationMinutes))}
                {row(f('field.proposals'), x.proposals)}
                {row(f('field.commitments'), x.commitments)}
                {row(f('field.note'), x.note, true)}
              </dl>
              {stamp(x)}
            </li>
          ))}
        </ul>,
      )}
      {part(
        'record.closure',
        ctx.review !== undefined || ctx.closure !== undefined,
        <dl>
          {row(f('field.whatWorked'), ctx.review?.whatWorked)}
          {row(f('field.notes'), ctx.review?.notes)}
          {row(f('field.reason'), ctx.closure && p(`closure.${ctx.closure.reason}`))}
          {row(f('field.note'), ctx.closure?.notes)}
        </dl>,
      )}
    </Wrap>
  );
}
