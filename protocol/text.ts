import ar from './text/ar.json' with { type: 'json' };
import en from './text/en.json' with { type: 'json' };
import fr from './text/fr.json' with { type: 'json' };
import { CHANNELS } from './channels';
import { CLOSURE_REASONS } from './closure';
import { DEFAULT_CALENDAR, localDate } from './calendar';
import { REFUSAL_CODES } from './refusals';
import type { Refusal } from './refusals';
import { DEADLINES, PLATFORM_TAKEDOWN } from './deadlines';
import { ACTOR_KINDS, AGE_BANDS, PARTY_ROLES, PLATFORMS, REPORTER_ROLES, REPORT_CHANNELS, ROLES } from './roles';
import { SEVERITY } from './severity';
import { STEPS } from './steps';
import { SOFT_ESCALATORS, TRIGGERS } from './triggers';
import { CATEGORIES } from './typology';

/** Protocol wording (reviewed, legal) kept apart from UI chrome. One catalog per language, keyed by id. */
export const LANGUAGES = ['ar', 'fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const CATALOGS: Readonly<Record<Language, Readonly<Record<string, string>>>> = { ar, fr, en };

export function protocolText(lang: Language, key: string): string {
  const text = CATALOGS[lang][key];
  if (text === undefined) throw new Error(`missing protocol text "${key}" in ${lang}`);
  return text;
}

export function catalog(lang: Language): Readonly<Record<string, string>> {
  return CATALOGS[lang];
}

/** Every key the protocol data refers to; a test checks each has a text in every language. */
export function requiredTextKeys(): string[] {
  const keys = new Set<string>();
  for (const s of STEPS) {
    keys.add(`step.${s.id}.title`).add(`step.${s.id}.summary`);
    [...s.todo, ...s.never].forEach((c) => keys.add(`checklist.${c}`));
  }
  for (const t of TRIGGERS) keys.add(`${t.textKey}.label`).add(`${t.textKey}.question`);
  SOFT_ESCALATORS.forEach((s) => keys.add(`softEscalator.${s}`));
  for (const s of SEVERITY) keys.add(`${s.textKey}.label`).add(`${s.textKey}.handling`);
  CATEGORIES.forEach((c) => keys.add(`${c.textKey}.label`));
  CLOSURE_REASONS.forEach((r) => keys.add(`closure.${r}`));
  for (const c of CHANNELS) {
    keys.add(`${c.textKey}.name`).add(`${c.textKey}.when`);
    c.contacts.forEach((k) => k.noteKey && keys.add(k.noteKey));
  }
  DEADLINES.forEach((d) => keys.add(d.textKey));
  keys.add(PLATFORM_TAKEDOWN.textKey);
  DEFAULT_CALENDAR.holidays.forEach((h) => keys.add(h.label));
  ROLES.forEach((r) => keys.add(`role.${r}`));
  PARTY_ROLES.forEach((r) => keys.add(`partyRole.${r}`));
  REPORT_CHANNELS.forEach((r) => keys.add(`reportChannel.${r}`));
  REPORTER_ROLES.forEach((r) => keys.add(`reporterRole.${r}`));
  PLATFORMS.forEach((r) => keys.add(`platform.${r}`));
  AGE_BANDS.forEach((r) => keys.add(`ageBand.${r}`));
  ACTOR_KINDS.forEach((r) => keys.add(`actorKind.${r}`));
  REFUSAL_CODES.forEach((c) => keys.add(`refusal.${c}`));
  return [...keys].sort();
}

/**
 * The sentence that says why the protocol refused a record, its placeholders filled in the language: an event
 * or a step by its name, channels by theirs, a date as dd/mm/yyyy at the school's offset. `party` names a
 * person (the UI passes the pseudonym; the CLI keeps the id).
 */
export function describeRefusal(lang: Language, refusal: Refusal, names: { party?: (id: string) => string } = {}): string {
  const list = (values: string, key: (v: string) => string) => values.split(',').filter(Boolean).map(key).join(lang === 'ar' ? '، ' : ', ');
  const fillers: Record<string, (v: string) => string> = {
    event: (v) => protocolText(lang, `event.${v}`),
    step: (v) => protocolText(lang, `step.${v}.title`),
    category: (v) => protocolText(lang, `category.${v}.label`),
    reason: (v) => protocolText(lang, `closure.${v}`),
    channels: (v) => list(v, (c) => protocolText(lang, `channel.${c}.name`)),
    triggers: (v) => list(v, (t) => t),
    missing: (v) => list(v, (m) => protocolText(lang, `action.${m}`)),
    party: (v) => names.party?.(v) ?? v,
    // A period ends at the midnight closing its last day: that day is the one to say.
    until: (v) => localDate(new Date(Date.parse(v) - 1).toISOString(), DEFAULT_CALENDAR).split('-').reverse().join('/'),
  };
  return protocolText(lang, `refusal.${refusal.code}`).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = refusal.params?.[name];
    if (value === undefined) return whole;
    return (fillers[name] ?? ((v: string) => v))(value);
  });
}
