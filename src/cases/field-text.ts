import { EVENT_FIELDS, NEW_RECORD_ID } from '../../machines/events';
import type { CaseEvent, CaseEventType } from '../../machines/events';
import type { CaseContext } from '../../machines/case-context';
import type { I18n } from '../app/i18n';


function optionKey(type: CaseEventType, field: string): string | null {
  if (field === 'kind') return type === 'evidence.add' ? 'evidenceKind' : type === 'interview.record' ? 'interviewKind' : 'measureKind';
  if (field === 'reason') return type === 'case.reopen' ? 'reopenReason' : type === 'followUp.fail' ? 'failReason' : null;
  return null;
}

/** The words for one value of one field of an event, in the user's language (forms and chronology share them). */
export function optionText(i18n: I18n, type: CaseEventType, field: string, v: string | number): string {
  const { fData, p } = i18n;
  const key = optionKey(type, field);
  if (key) return fData(`opt.${key}.${v}`);
  switch (field) {
    case 'channel':
      return type === 'case.report' ? p(`reportChannel.${v}`) : p(`channel.${v}.name`);
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
      return fData(`opt.${field}.${v}`);
  }
}

/**
 * An event's meaningful fields as "label: value" lines in plain words: people by pseudonym, evidence by its
 * description, referrals by their service. Free text stays as typed (shown with dir="auto" by the caller).
 */
export function eventDetails(i18n: I18n, event: CaseEvent, ctx?: CaseContext): { label: string; value: string; typed: boolean }[] {
  const { f, p, when } = i18n;
  const spec = EVENT_FIELDS[event.type];
  const out: { label: string; value: string; typed: boolean }[] = [];
  for (const [name, value] of Object.entries(event)) {
    // The event's stamp (type, at, by) is not a field of its spec; the id of the record it creates is not read.
    if (NEW_RECORD_ID[event.type] === name || value === undefined || value === '' || !(name in spec)) continue;
    const field = spec[name]!;
    let text: string;
    // What someone wrote (a pseudonym, a description, a note), as opposed to the app's own words for a choice.
    let typed = true;
    if (name === 'partyId') text = ctx?.parties.find((x) => x.id === value)?.pseudonym ?? String(value);
    else if (name === 'evidenceId') text = ctx?.evidence.find((x) => x.id === value)?.description ?? String(value);
    else if (name === 'referralId') {
      const r = ctx?.referrals.find((x) => x.id === value);
      text = r ? p(`channel.${r.channel}.name`) : String(value);
      typed = !r;
    } else if (field.t === 'boolean') {
      // A screening box left unticked is an answer too, but reading "no" six times says nothing: yes only.
      if (value !== true) continue;
      out.push({ label: i18n.fData(`field.${name}`), value: f('opt.answer.yes'), typed: false });
      continue;
    } else if (field.t === 'enum' || field.t === 'enumArray' || field.t === 'instant' || field.t === 'date' || field.t === 'number') {
      typed = false;
      if (field.t === 'enum') text = optionText(i18n, event.type, name, value as string | number);
      else if (field.t === 'enumArray') text = (value as string[]).map((v) => optionText(i18n, event.type, name, v)).join(' · ');
      else if (field.t === 'instant') text = when(String(value));
      else if (field.t === 'date') text = i18n.day(String(value));
      else text = String(value);
    } else if (field.t === 'stringArray') text = (value as string[]).join(', ');
    else text = String(value);
    if (text) out.push({ label: i18n.fData(`field.${name}`), value: text, typed });
  }
  return out;
}
