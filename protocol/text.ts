import ar from './text/ar.json' with { type: 'json' };
import en from './text/en.json' with { type: 'json' };
import fr from './text/fr.json' with { type: 'json' };
import { CHANNELS } from './channels';
import { CLOSURE_REASONS } from './closure';
import { DEFAULT_CALENDAR } from './calendar';
import { REFUSAL_CODES } from './refusals';
import type { Refusal } from './refusals';
import type { Language } from './languages';
import { describeRefusalWith } from './refusal-text';
import { DEADLINES, PLATFORM_TAKEDOWN } from './deadlines';
import { ACTOR_KINDS, AGE_BANDS, PARTY_ROLES, PLATFORMS, REPORTER_ROLES, REPORT_CHANNELS, ROLES } from './roles';
import { SEVERITY } from './severity';
import { STEPS } from './steps';
import { SOFT_ESCALATORS, TRIGGERS } from './triggers';
import { CATEGORIES } from './typology';

export { LANGUAGES } from './languages';
export type { Language } from './languages';

/**
 * Protocol wording (reviewed, legal) kept apart from UI chrome. One catalog per language, keyed by id; this
 * module holds all three (for the CLI, the PDFs and the tests); the app loads the one it shows.
 */
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

/** The sentence that says why the protocol refused a record, in the language (see refusal-text.ts). */
export function describeRefusal(lang: Language, refusal: Refusal, names: { party?: (id: string) => string } = {}): string {
  return describeRefusalWith(lang, (key) => protocolText(lang, key), refusal, names);
}
