import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { EVENT_FIELDS, NEW_RECORD_ID, parseEvent } from '../../machines/events';
import type { CaseEventType, Field } from '../../machines/events';
import { isIntimateCase } from '../../machines/facts';
import { offer } from '../../machines/offers';
import type { CaseSnapshot } from '../../machines/replay';
import { whyRefused } from '../../machines/replay';
import { DateField, DateTimeField } from '../app/DateField';
import { ErrorSummary, invalidProps } from '../app/ErrorSummary';
import type { FormProblem } from '../app/ErrorSummary';
import { useI18n } from '../app/i18n';
import { useRecord } from '../storage/app-db';
import { optionText } from './field-text';
import { FileFingerprint } from './FileFingerprint';
import { nowIso, useSave } from './use-save';

/**
 * One record's form, generated from the event's spec (machines/events.ts): required fields first, the optional
 * ones under "More details" when there are several. Choices the protocol refuses now (a track, a closure
 * reason, a kind of interview) are not offered: the machine is asked for each.
 */
const LONG = new Set(['narrative', 'description', 'note', 'notes', 'rationale', 'reason', 'whatWorked', 'measures', 'text', 'proposals', 'commitments', 'outcome', 'whatShared']);
/** Where a file, a link or a copy could go: never for an intimate image of a minor. */
const MEDIA = ['url', 'sha256', 'file', 'storageLocation'];
/** Choices whose values the rules treat differently: only the accepted ones are offered. */
const RULED: Partial<Record<CaseEventType, string>> = { 'track.choose': 'track', 'case.close': 'reason', 'interview.record': 'kind' };
/** What a teacher needs first for evidence: what, where, when seen; the rest is under "More details". */
const FIRST: Partial<Record<CaseEventType, readonly string[]>> = { 'evidence.add': ['description', 'isIntimateImageOfMinor', 'platform', 'contentAt'] };
/** A picked file fills both fields: its name and its SHA-256 fingerprint, computed here. */
const FINGERPRINTED: readonly CaseEventType[] = ['evidence.add', 'evidence.update', 'evidence.preserve'];

type Values = Record<string, unknown>;

/** A field's name: a <label> for one control, plain text (named by id) for a group of boxes. */
function Label({ htmlFor, ...rest }: { id: string; htmlFor?: string; className?: string; children: ReactNode }) {
  return htmlFor ? <label htmlFor={htmlFor} {...rest} /> : <span {...rest} />;
}

export function ActionForm({
  type,
  snapshot,
  caseId,
  author,
  prefill = {},
  onSaved,
}: {
  type: CaseEventType;
  snapshot: CaseSnapshot;
  caseId: string;
  author: string;
  prefill?: Values;
  onSaved: (type: CaseEventType) => void;
}) {
  const i18n = useI18n();
  const { t, p, f, fData, why } = i18n;
  const record = useRecord();
  const ctx = snapshot.context;
  const [values, setValues] = useState<Values>(() => Object.fromEntries(Object.entries(prefill).filter(([, v]) => v !== undefined)));
  // What stopped the last submit: a field to fill, or the rule that refused the record, in the user's language.
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [attempt, setAttempt] = useState(0);
  const names = { party: (id: string) => ctx.parties.find((x) => x.id === id)?.pseudonym ?? id };
  const { error, busy, save } = useSave(names);
  const summary: FormProblem[] = [...(problem ? [problem] : []), ...(error ? [{ text: error }] : [])];
  const newIdField = NEW_RECORD_ID[type];
  const intimateItem = type !== 'evidence.add' && ctx.evidence.find((x) => x.id === values.evidenceId)?.isIntimateImageOfMinor;
  // The case decides, not the box: in an intimate-image case every item is a description (nothing to attach).
  const intimate = FINGERPRINTED.includes(type) && (isIntimateCase(ctx) || values.isIntimateImageOfMinor === true || !!intimateItem);
  const id = (name: string) => `${type}-${name}`;

  const refs: Record<string, { id: string; text: string }[]> = {
    partyId: ctx.parties.map((x) => ({ id: x.id, text: `${x.pseudonym} · ${p(`partyRole.${x.role}`)}` })),
    evidenceId: ctx.evidence.map((x) => ({ id: x.id, text: x.description })),
    referralId: ctx.referrals.map((x) => ({ id: x.id, text: `${p(`channel.${x.channel}.name`)}${x.reference ? ` · ${x.reference}` : ''}` })),
  };
  const ruled = RULED[type];
  // Each value of the ruled choice, asked of the machine once per render: offered, or said why not.
  const ruledOffers = ruled
    ? (() => {
        const spec = EVENT_FIELDS[type][ruled];
        const options = spec?.t === 'enum' ? spec.values : [];
        return options.map((v) => ({ v, ...offer(snapshot, type, nowIso(), author, { [ruled]: v }) }));
      })()
    : [];
  const allowedValues = (name: string, all: readonly (string | number)[]) => (name === ruled ? ruledOffers.filter((o) => o.accepted).map((o) => o.v) : all);
  // A value refused for a reason of its own (not merely "not in this step") is named with that reason.
  const refusedValues = ruledOffers.flatMap((o) => {
    const reason = o.refusals.find((r) => r.code !== 'notInThisStep' && r.code !== 'reasonNotAllowedHere');
    return !o.accepted && reason ? [{ v: o.v, reason }] : [];
  });

  const fields = Object.entries(EVENT_FIELDS[type]).filter(
    ([name]) => name !== newIdField && !(intimate && (MEDIA.includes(name) || (type === 'evidence.add' && name === 'kind'))) && !(FINGERPRINTED.includes(type) && name === 'sha256'),
  );
  const set = (name: string, v: unknown) => setValues((old) => ({ ...old, [name]: v }));
  // Date fields whose text is not (yet) a date: saving would silently drop it, so the save waits.
  const [badDates, setBadDates] = useState<readonly string[]>([]);
  const markDate = (name: string, ok: boolean) => setBadDates((old) => (ok ? old.filter((x) => x !== name) : old.includes(name) ? old : [...old, name]));

  const input = (name: string, spec: Field): ReactNode => {
    const common = { id: id(name), name, 'aria-required': !spec.optional || undefined, ...invalidProps(summary, id(name)) };
    const v = values[name];
    if (name in refs && newIdField !== name) {
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
    if (name === 'file' && FINGERPRINTED.includes(type)) {
      return <FileFingerprint id={common.id} onPicked={(file, sha256) => setValues((old) => ({ ...old, file, sha256 }))} />;
    }
    switch (spec.t) {
      case 'enum':
        return (
          <select {...common} value={v === undefined ? '' : String(v)} onChange={(e) => set(name, e.target.value === '' ? undefined : typeof spec.values[0] === 'number' ? Number(e.target.value) : e.target.value)}>
            <option value="">{t('choice.unset')}</option>
            {allowedValues(name, spec.values).map((o) => (
              <option key={o} value={o}>
                {optionText(i18n, type, name, o)}
              </option>
            ))}
          </select>
        );
      case 'enumArray':
        return (
          <div className="chips" role="group" id={common.id} tabIndex={-1} aria-labelledby={`${common.id}-label`} aria-describedby={common['aria-describedby']}>
            {spec.values.map((o) => {
              const list = (v as string[] | undefined) ?? [];
              return (
                <label key={o} className="chip">
                  <input type="checkbox" checked={list.includes(o)} onChange={(e) => set(name, e.target.checked ? [...list, o] : list.filter((x) => x !== o))} />
                  {optionText(i18n, type, name, o)}
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
        return <DateTimeField id={common.id} labelledBy={`${common.id}-label`} onValidity={(ok) => markDate(name, ok)} onChange={(iso) => set(name, iso)} />;
      case 'date':
        return <DateField id={common.id} labelledBy={`${common.id}-label`} value={v as string | undefined} onChange={(iso, ok) => (markDate(name, ok), set(name, iso))} />;
      case 'stringArray':
        return (
          <input
            {...common}
            dir="auto"
            defaultValue={((v as string[] | undefined) ?? []).join(', ')}
            onChange={(e) => set(name, e.target.value.split(',').map((s) => s.trim()).filter(Boolean))}
          />
        );
      case 'string':
        return LONG.has(name) ? (
          <textarea {...common} dir="auto" rows={2} value={(v as string) ?? ''} onChange={(e) => set(name, e.target.value)} />
        ) : (
          <input {...common} dir="auto" value={(v as string) ?? ''} onChange={(e) => set(name, e.target.value)} />
        );
    }
  };

  const row = ([name, spec]: [string, Field]) =>
    spec.t === 'boolean' ? (
      <label key={name} className="chip">
        {input(name, spec)}
        {fData(`field.${name}`)}
      </label>
    ) : (
      <div key={name} className="field">
        {/* Required fields are marked by a star drawn by CSS (kept out of the label's text) and aria-required. */}
        {/* A group of boxes is named by its text (aria-labelledby), not by a <label> that would point at no control. */}
        <Label id={`${id(name)}-label`} htmlFor={spec.t === 'enumArray' ? undefined : id(name)} className={spec.optional ? undefined : 'required-field'}>
          {name === 'file' && FINGERPRINTED.includes(type) ? f('actions.fingerprint') : fData(`field.${name}`)}
          {spec.optional ? ` (${f('actions.optional')})` : ''}
        </Label>
        {input(name, spec)}
        {name === ruled && refusedValues.length > 0 && (
          <ul className="hint refused-values">
            {refusedValues.map(({ v, reason }) => (
              <li key={String(v)}>
                <strong>{optionText(i18n, type, name, v)}</strong> — {why(reason, names)}
              </li>
            ))}
          </ul>
        )}
      </div>
    );

  const first = FIRST[type];
  const optional = fields.filter(([, spec]) => spec.optional);
  const primary = first ? fields.filter(([name]) => first.includes(name)) : optional.length >= 3 ? fields.filter(([, spec]) => !spec.optional) : fields;
  const more = fields.filter((x) => !primary.includes(x));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const stop = (x: FormProblem) => {
      setProblem(x);
      setAttempt((n) => n + 1);
    };
    if (badDates.length > 0) return stop({ text: `${fData(`field.${badDates[0]}`)}: ${f('actions.badDate')}`, field: id(badDates[0]!) });
    // An unticked box is an answer ("no"), not a missing field.
    const unticked = Object.fromEntries(fields.filter(([, spec]) => spec.t === 'boolean' && !spec.optional).map(([name]) => [name, false]));
    // What a hidden field still holds (a file picked before "intimate image" was ticked) is never sent.
    const shown = new Set(fields.map(([name]) => name).concat(FINGERPRINTED.includes(type) && !intimate ? ['sha256'] : []));
    const clean = { ...unticked, ...Object.fromEntries(Object.entries(values).filter(([k, v]) => v !== undefined && v !== '' && (shown.has(k) || !(k in EVENT_FIELDS[type])))) };
    const idValue = newIdField ? { [newIdField]: `${newIdField.replace('Id', '')}-${crypto.randomUUID().slice(0, 8)}` } : {};
    const kind = type === 'evidence.add' && intimate ? { kind: 'description' } : type === 'evidence.add' && !clean.kind ? { kind: clean.url ? 'url' : clean.accountHandle ? 'handle' : 'description' } : {};
    const parsed = parseEvent({ type, at: nowIso(), by: author, ...clean, ...idValue, ...kind });
    if (!parsed.ok) {
      const field = 'field' in parsed.problem ? parsed.problem.field : undefined;
      return stop(field && fields.some(([name]) => name === field) ? { text: `${f('actions.missing')} ${fData(`field.${field}`)}`, field: id(field) } : { text: f('actions.notNow') });
    }
    const refusal = whyRefused(snapshot, parsed.event);
    if (refusal) return stop({ text: why(refusal, names) });
    if (await save(() => record(caseId, parsed.event))) onSaved(type);
    else setAttempt((n) => n + 1);
  };

  return (
    // autoComplete off: the browser must not keep what is typed here for session restore (on disk, in clear).
    <form onSubmit={submit} noValidate className="action-form" data-keep-on-lock autoComplete="off">
      {intimate && (
        <p className="problems" role="note">
          {f('actions.intimateNote')}
        </p>
      )}
      {primary.map(row)}
      {more.length > 0 && (
        <details className="more">
          <summary>{f('actions.more')}</summary>
          {more.map(row)}
        </details>
      )}
      <ErrorSummary problems={summary} attempt={attempt} />
      <button type="submit" aria-disabled={busy || undefined} onClick={(e) => busy && e.preventDefault()}>
        {f('actions.submit')}
      </button>
    </form>
  );
}
