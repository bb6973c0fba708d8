import { useMemo, useRef, useState } from 'react';
import type { CaseEventType } from '../../machines/events';
import { requiredActions } from '../../machines/guidance';
import type { RequiredAction } from '../../machines/guidance';
import { acceptedNow, closureRefusals, offer, prefillFor, startFor } from '../../machines/offers';
import type { ActionStart } from '../../machines/offers';
import type { CaseSnapshot } from '../../machines/replay';
import { stepOf } from '../../machines/replay';
import { stepDef } from '../../protocol/steps';
import { useI18n } from '../app/i18n';
import type { FormKey } from '../i18n/form/en';
import { ActionForm } from './ActionForm';
import { nowIso } from './use-save';

/** Records the step's own panel takes (triage questions, calls in an emergency): linked to, not repeated. */
const PANEL: Partial<Record<string, { types: readonly CaseEventType[]; anchor: string; text: string }>> = {
  triage: { types: ['trigger.answer', 'category.set', 'severity.rate', 'triage.complete'], anchor: 'triage-title', text: 'actions.openTriage' },
  emergencyEscalation: {
    types: ['referral.make', 'referral.acknowledge', 'safety.confirm', 'emergency.resolve', 'trigger.answer', 'category.set'],
    anchor: 'emergency-panel-title',
    text: 'actions.openCalls',
  },
};
/** What each required action is done in, when no single form does it. */
const IN_PANEL: Partial<Record<RequiredAction, string>> = {
  triggersUnanswered: 'triage-title',
  notRated: 'triage-title',
  noCategory: 'triage-title',
  closureNeedsAnswers: 'triage-title',
  callAuthorityNow: 'emergency-panel-title',
};

/** An action's name: reopening an open case is going back to triage with new facts, not "reopening". */
const verbOf = (f: (key: FormKey) => string, type: CaseEventType, step: string) => f(type === 'case.reopen' && step !== 'closed' ? 'verb.case.reopen.open' : `verb.${type}`);

/** One action: a button that opens its form in place; the form closes once the record is saved. */
function ActionItem({ label, hint, primary, start, snapshot, caseId, author, onSaved }: {
  label: string;
  hint?: string;
  primary: boolean;
  start: ActionStart;
  snapshot: CaseSnapshot;
  caseId: string;
  author: string;
  onSaved: (type: CaseEventType) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      {/* What the protocol asks, said before the button, so it reads without opening anything. */}
      {hint && <p className="hint">{hint}</p>}
      <details className={`action${primary ? ' primary' : ''}`} open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{label}</summary>
      {open && (
        <ActionForm
          type={start.type}
          snapshot={snapshot}
          caseId={caseId}
          author={author}
          prefill={start.prefill}
          onSaved={(type) => {
            setOpen(false);
            onSaved(type);
          }}
        />
        )}
      </details>
    </>
  );
}

/**
 * The case page's guide: "What to do now" (the protocol's required actions for this step, in its order, each
 * a button opening its form, prefilled from the case), then "Other things you can record now": only what the
 * machine accepts at this moment, named by verbs. Where a teacher would look for "Close the case" and the
 * protocol refuses it, the rules that refuse it are said.
 */
export function NextSteps({ snapshot, caseId, author }: { snapshot: CaseSnapshot; caseId: string; author: string }) {
  const { t, p, f, why, when } = useI18n();
  const status = useRef<HTMLParagraphElement>(null);
  const [saved, setSaved] = useState<{ what: string; at: string } | null>(null);
  const step = stepOf(snapshot);
  const ctx = snapshot.context;
  const names = { party: (id: string) => ctx.parties.find((x) => x.id === id)?.pseudonym ?? id };
  const panel = PANEL[step];
  const required = requiredActions(snapshot);
  const accepted = useMemo(() => acceptedNow(snapshot, nowIso(), author), [snapshot, author]);

  const onSaved = (type: CaseEventType) => {
    setSaved({ what: verbOf(f, type, step), at: nowIso() });
    // The confirmation is read out (role=status) and the page shows where things now stand.
    requestAnimationFrame(() => {
      // A record that escalated the case leaves the calls at the top: they keep the screen and the focus.
      if (document.getElementById('emergency-panel-title')) return;
      status.current?.focus();
      status.current?.scrollIntoView({ block: 'start' });
    });
  };

  const at = nowIso();
  // A required action is a button only when its prefilled form can be saved now; otherwise the rule is said.
  const starts = required.map((action) => {
    const start = startFor(snapshot, action);
    const fixed = start ? Object.fromEntries(Object.entries(start.prefill).filter(([, v]) => v !== undefined)) : {};
    const o = start ? offer(snapshot, start.type, at, author, fixed) : { accepted: false, refusals: [] };
    return { action, start, ready: o.accepted, refusals: o.refusals };
  });
  const startedTypes = new Set(starts.flatMap(({ start, ready }) => (start && ready ? [start.type] : [])));
  const others = accepted.filter((type) => !startedTypes.has(type) && !panel?.types.includes(type));
  const closable = stepDef(step).accepts.includes('case.close');
  const closeRefusals = closable && !accepted.includes('case.close') ? closureRefusals(snapshot, at, author) : [];

  return (
    <section aria-labelledby="next-title" className="next-steps">
      <p ref={status} role="status" tabIndex={-1} className={saved ? 'saved' : 'saved empty'}>
        {saved && t('case.saved', { what: saved.what, time: when(saved.at) })}
      </p>
      <h3 id="next-title">{f('actions.now')}</h3>
      {required.length === 0 ? (
        <p className="hint">{f('actions.nothingRequired')}</p>
      ) : (
        <ol className="required">
          {starts.map(({ action, start, ready, refusals }) => {
            const anchor = IN_PANEL[action] ?? (start && panel?.types.includes(start.type) ? panel.anchor : undefined);
            if (start && !anchor && ready) {
              return (
                <li key={action}>
                  <ActionItem label={verbOf(f, start.type, step)} hint={p(`action.${action}`)} primary start={start} snapshot={snapshot} caseId={caseId} author={author} onSaved={onSaved} />
                </li>
              );
            }
            return (
              <li key={action}>
                {anchor ? <a href={`#${anchor}`}>{p(`action.${action}`)}</a> : p(`action.${action}`)}
                {(anchor ? [] : refusals.slice(0, 1)).map((r) => (
                  <p key={r.code} className="hint">
                    {why(r, names)}
                  </p>
                ))}
              </li>
            );
          })}
        </ol>
      )}
      {others.length > 0 && (
        <>
          <h3 id="other-title">{f('actions.other')}</h3>
          <ul className="other-actions" aria-labelledby="other-title">
            {others.map((type) => (
              <li key={type}>
                <ActionItem label={verbOf(f, type, step)} primary={false} start={{ type, prefill: prefillFor(snapshot, type) }} snapshot={snapshot} caseId={caseId} author={author} onSaved={onSaved} />
              </li>
            ))}
          </ul>
        </>
      )}
      {closeRefusals.length > 0 && (
        <div className="why-not">
          <p>{f('actions.closeWhyNot')}</p>
          <ul>
            {closeRefusals.map((r) => (
              <li key={r.code}>{why(r, names)}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
