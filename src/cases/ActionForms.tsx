import { useState } from 'react';
import type { FormEvent } from 'react';
import { EVENT_FIELDS, parseEvent } from '../../machines/events';
import type { CaseEventType, Field } from '../../machines/events';
import { eventTypesHere } from '../../machines/guidance';
import type { CaseSnapshot } from '../../machines/replay';
import { stepOf, whyRefused } from '../../machines/replay';
import { useI18n } from '../app/i18n';
import { useRecord } from '../storage/app-db';
import { nowIso, useSave } from './use-save';

/**
 * One small form per event the current step accepts, generated from the event specs (machines/events.ts), so
 * that what a teacher can record is exactly what the protocol allows here. Steps with a guided panel (triage,
 * emergency) keep their own forms for those events.
 */
const GUIDED: Partial<Record<string, readonly CaseEventType[]>> = {
  triage: ['trigger.answer', 'category.set', 'severity.rate', 'triage.complete'],
  emergencyEscalation: ['referral.make', 'referral.acknowledge', 'safety.confirm', 'emergency.resolve', 'trigger.answer', 'category.set'],
};
const NEVER_HERE: readonly CaseEventType[] = ['case.report', 'intake.submit', 'party.update', 'evidence.update'];
const NEW_ID: Partial<Record<CaseEventType, string>> = { 'evidence.add': 'evidenceId', 'referral.make': 'referralId', 'interview.record': 'interviewId', 'party.add': 'partyId' };
const LONG = new Set(['narrative', 'description', 'note', 'notes', 'rationale', 'reason', 'whatWorked', 'measures', 'text', 'proposals', 'commitments', 'outcome', 'whatShared']);
const MEDIA = ['url', 'sha256', 'file', 'storageLocation'];

type Values = Record<string, unknown>;

function optionKey(type: CaseEventType, field: string): string | null {
  if (field === 'kind') return type === 'evidence.add' ? 'evidenceKind' : type === 'interview.record' ? 'interviewKind' : 'measureKind';
  if (field === 'reason') return type === 'case.reopen' ? 'reopenReason' : type === 'followUp.fail' ? 'failReason' : null;
  return null;
}

function ActionForm({ type, snapshot, caseId, author }: { type: CaseEventType; snapshot: CaseSnapshot; caseId: string; author: string }) {
  const { t, p, f, why } = useI18n();
  const record = useRecord();
  const ctx = snapshot.context;
  const [values, setValues] = useState<Values>({});
  // Why the protocol refuses this record now, in the user's language (the rule that refused it).
  const [refused, setRefused] = useState<string | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const names = { party: (id: string) => ctx.parties.find((x) => x.id === id)?.pseudonym ?? id };
  const { error, busy, save } = useSave(names);
  const newIdField = NEW_ID[type];
  const intimateItem = type !== 'evidence.add' && ctx.evidence.find((x) => x.id === values.evidenceId)?.isIntimateImageOfMinor;
  const intimate = (type === 'evidence.add' && values.isIntimateImageOfMinor === true) || !!intimateItem;

  const label = (field: string, v: string | number): string => {
    const key = optionKey(type, field);
    if (key) return f(`opt.${key}.${v}`);
    switch (field) {
      case 'channel':
        return p(`channel.${v}.name`);
      case 'platform':
      case 'platforms':
        return p(`platform.${v}`);
      case 'role':
        return p(`partyRole.${v}`);
      case 'ageBand':
      case 'actorKind':
      case 'reporterRole':
        return p(`${field}.${v}`);
      case 'trigger':
        return `${v} · ${p(`trigger.${v}.label`)}`;
      case 'codes':
        return p(`category.${v}.label`);
      case 'level':
        return `${v} · ${p(`severity.${v}.label`)}`;
      case 'reason':
        return p(`closure.${v}`);
      default:
        return f(`opt.${field}.${v}`);
    }
  };
  const refs: Record<string, { id: string; text: string }[]> = {
    partyId: ctx.parties.map((x) => ({ id: x.id, text: `${x.pseudonym} · ${p(`partyRole.${x.role}`)}` })),
    evidenceId: ctx.evidence.map((x) => ({ id: x.id, text: x.description })),
    referralId: ctx.referrals.map((x) => ({ id: x.id, text: `${p(`channel.${x.channel}.name`)}${x.reference ? ` · ${x.reference}` : ''}` })),
  };

  const fields = Object.entries(EVENT_FIELDS[type]).filter(([name]) => name !== newIdField && !(intimate && (MEDIA.includes(name) || (type === 'evidence.add' && name === 'kind'))));
  const set = (name: string, v: unknown) => setValues({ ...values, [name]: v });

  const input = (name: string, spec: Field) => {
    const common = { id: `${type}-${name}`, name };
    const v = values[name];
    if (name in refs && !(newIdField === name)) {
      return (
        <select {...common} value={(v as string) ?? ''} onChange={(e) => set(name, e.target.value || undefined)}>
          <option value="">{t('choice.unset')}</option>
          {refs[name]?.map((r) => (
            // What people typed (a description, a pseudonym) keeps its own direction.
            <option key={r.id} value={r.id} dir="auto">
              {r.text}
            </option>
          ))}
        </select>
      );
    }
    switch (spec.t) {
      case 'enum':
        return (
          <select {...common} value={v === undefined ? '' : String(v)} onChange={(e) => set(name, e.target.value === '' ? undefined : typeof spec.values[0] === 'number' ? Number(e.target.value) : e.target.value)}>
            <option value="">{t('choice.unset')}</option>
            {spec.values.map((o) => (
              <option key={o} value={o}>
                {label(name, o)}
              </option>
            ))}
          </select>
        );
      case 'enumArray':
        return (
          <div className="chips" role="group" aria-labelledby={`${common.id}-label`}>
            {spec.values.map((o) => {
              const list = (v as string[] | undefined) ?? [];
              return (
                <label key={o} className="chip">
                  <input type="checkbox" checked={list.includes(o)} onChange={(e) => set(name, e.target.checked ? [...list, o] : list.filter((x) => x !== o))} />
                  {label(name, o)}
                </label>
              );
            })}
          </div>
        );
      case 'boolean':
        return <input {...common} type="checkbox" checked={v === true} onChange={(e) => set(name, e.target.checked)} />;
      case 'number':
        return <input {...common} type="number" min={0} value={(v as number | undefined) ?? ''} onChange={(e) => set(name, e.target.value === '' ? undefined : Number(e.target.value))} />;
      case 'instant':
        return <input {...common} type="datetime-local" onChange={(e) => set(name, e.target.value ? new Date(e.target.value).toISOString() : undefined)} />;
      case 'date':
        return <input {...common} type="date" value={(v as string) ?? ''} onChange={(e) => set(name, e.target.value || undefined)} />;
      case 'stringArray':
        return <input {...common} dir="auto" onChange={(e) => set(name, e.target.value.split(',').map((s) => s.trim()).filter(Boolean))} />;
      case 'string':
        return LONG.has(name) ? (
          <textarea {...common} dir="auto" rows={2} value={(v as string) ?? ''} onChange={(e) => set(name, e.target.value)} />
        ) : (
          <input {...common} dir="auto" value={(v as string) ?? ''} onChange={(e) => set(name, e.target.value)} />
        );
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setRefused(null);
    setMissing(null);
    // An unticked box is an answer ("no"), not a missing field.
    const unticked = Object.fromEntries(fields.filter(([, spec]) => spec.t === 'boolean' && !spec.optional).map(([name]) => [name, false]));
    const clean = { ...unticked, ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== '')) };
    const idValue = newIdField ? { [newIdField]: `${newIdField.replace('Id', '')}-${crypto.randomUUID().slice(0, 8)}` } : {};
    const kind = type === 'evidence.add' && intimate ? { kind: 'description' } : {};
    const parsed = parseEvent({ type, at: nowIso(), by: author, ...clean, ...idValue, ...kind });
    if (!parsed.ok) {
      const field = 'field' in parsed.problem ? parsed.problem.field : undefined;
      if (field && fields.some(([name]) => name === field)) setMissing(field);
      else setRefused(f('actions.notNow'));
      return;
    }
    const refusal = whyRefused(snapshot, parsed.event);
    if (refusal) {
      setRefused(why(refusal, names));
      return;
    }
    if (await save(() => record(caseId, parsed.event))) setValues({});
  };

  return (
    <details className="action">
      <summary>{p(`event.${type}`)}</summary>
      <form onSubmit={submit} noValidate>
        {intimate && (
          <p className="problems" role="note">
            {f('actions.intimateNote')}
          </p>
        )}
        {fields.map(([name, spec]) =>
          spec.t === 'boolean' ? (
            <label key={name} className="chip">
              {input(name, spec)}
              {f(`field.${name}`)}
            </label>
          ) : (
            <div key={name} className="field">
              <label id={`${type}-${name}-label`} htmlFor={`${type}-${name}`}>
                {f(`field.${name}`)}
                {spec.optional ? ` (${f('actions.optional')})` : ''}
              </label>
              {input(name, spec)}
            </div>
          ),
        )}
        {missing && (
          <p className="problems" role="alert">
            {f('actions.missing')} {f(`field.${missing}`)}
          </p>
        )}
        {refused && (
          <p className="problems" role="alert">
            {refused}
          </p>
        )}
        {error && (
          <p className="problems" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {f('actions.submit')}
        </button>
      </form>
    </details>
  );
}

export function ActionForms({ snapshot, caseId, author }: { snapshot: CaseSnapshot; caseId: string; author: string }) {
  const { f } = useI18n();
  const step = stepOf(snapshot);
  const guided = GUIDED[step] ?? [];
  const types = eventTypesHere(snapshot).filter((x) => !guided.includes(x) && !NEVER_HERE.includes(x));
  if (types.length === 0) return null;
  return (
    <section aria-labelledby="actions-title" className="actions">
      <h3 id="actions-title">{f('actions.title')}</h3>
      {types.map((type) => (
        <ActionForm key={`${type}-${snapshot.context.caseId}`} type={type} snapshot={snapshot} caseId={caseId} author={author} />
      ))}
    </section>
  );
}
