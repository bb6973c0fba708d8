import { EVENT_FIELDS, isEventType, parseEvent } from './events';
import type { CaseEvent } from './events';
import { ReplayError, applyCaseEvent, describeProblem, initialSnapshot, replay, stepOf } from './replay';
import type { CaseSnapshot } from './replay';
import type { Refusal } from '../protocol/refusals';

/**
 * Trainer scenario files (documented in protocol/scenarios/README.md). Version 2 adds `eventText`: the free
 * text of a step's event in every language. A version 1 file is a version 2 file without it, read as is.
 */
export const SCENARIO_FORMAT = 'sanad-scenario/2';
const READABLE_FORMATS: readonly string[] = ['sanad-scenario/1', SCENARIO_FORMAT];
export const LANGS = ['ar', 'fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export type Localized = Record<Lang, string>;

/**
 * The fields of an event that are language text (what people wrote: narratives, notes, reasons, names of
 * roles, pseudonyms), as opposed to ids, enums, dates, handles, URLs and references. Only a text field of
 * the event's own type (a string or a list of strings in EVENT_FIELDS) counts: `reason` is an enum in some.
 */
const TEXT_FIELD_NAMES: ReadonlySet<string> = new Set([
  'by',
  'summary',
  'pseudonym',
  'narrative',
  'note',
  'notes',
  'rationale',
  'description',
  'storageLocation',
  'reason',
  'contactPerson',
  'whatShared',
  'outcome',
  'decidedBy',
  'interviewer',
  'interviewers',
  'measures',
  'proposals',
  'commitments',
  'whatWorked',
  'text',
]);

/** The language-text fields an event of this type can have. */
export function textFields(type: string): string[] {
  if (!isEventType(type)) return [];
  const spec = EVENT_FIELDS[type];
  return ['by', ...Object.keys(spec).filter((k) => TEXT_FIELD_NAMES.has(k) && (spec[k]?.t === 'string' || spec[k]?.t === 'stringArray'))];
}

/** One text field of an event in every language: a string, or a list of strings for a list field. */
export type LocalizedField = Record<Lang, string> | Record<Lang, string[]>;
/** A step's `eventText`: its event's text fields in every language. */
export type EventText = Record<string, LocalizedField>;

/**
 * A choice offered to the room. `why` says why it is right, or why it is unsafe. `refused` is what the
 * unsafe choice would record: the loader proves the machine refuses it at that point, so the player can say
 * "Sanad will not let you record this" and be right.
 */
export interface DecisionChoice {
  text: Localized;
  safe: boolean;
  why: Localized;
  refused?: Record<string, unknown>;
}

/** Asked before the step's event is shown: the event is the protocol's answer, `answer` its reason. */
export interface Decision {
  question: Localized;
  choices: DecisionChoice[];
  answer: Localized;
}

export interface ScenarioStep {
  /** The event as recorded: plain strings, in one language (the machine and the CLI read only this). */
  event: CaseEvent;
  /** The event's text fields in ar, fr and en; the event's own text is one of the three. */
  eventText?: EventText;
  narration?: Localized;
  decision?: Decision;
}

export interface Scenario {
  format: typeof SCENARIO_FORMAT;
  id: string;
  title: Localized;
  summary: Localized;
  steps: ScenarioStep[];
}

/** `index` is the step's position in `steps` (from 0; messages count from 1), or undefined for the file as a whole. */
export class ScenarioError extends Error {
  constructor(
    message: string,
    readonly index?: number,
    /** The rule that refused the event, when the protocol refused it (the screen words it in the user's language). */
    readonly refusal?: { eventType: string; refusal: Refusal },
  ) {
    super(index === undefined ? message : `event ${index + 1}: ${message}`);
    this.name = 'ScenarioError';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function localized(v: unknown, what: string, index?: number): Localized {
  if (!isRecord(v)) throw new ScenarioError(`"${what}" must give a text in ar, fr and en`, index);
  for (const l of LANGS) {
    if (typeof v[l] !== 'string' || (v[l] as string).trim() === '') throw new ScenarioError(`"${what}" lacks its ${l} text`, index);
  }
  return { ar: v.ar as string, fr: v.fr as string, en: v.en as string };
}

const sameText = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A step's `eventText`, checked: only text fields the event has, each in ar, fr and en (the same shape as the
 * event's field), the event's own text being one of them. With `complete`, every text field of the event must
 * be there (the built-in library: a trainee sees one language throughout).
 */
function eventText(v: unknown, event: Record<string, unknown>, index: number, complete: boolean): EventText | undefined {
  const type = String(event.type);
  const fields = textFields(type);
  if (v === undefined) {
    const first = complete ? fields.find((f) => event[f] !== undefined) : undefined;
    if (first) throw new ScenarioError(`"${type}" field "${first}" is in one language only: "eventText" must give it in ar, fr and en`, index);
    return undefined;
  }
  if (!isRecord(v)) throw new ScenarioError('"eventText" must map each text field of the event to its ar, fr and en text', index);
  const out: EventText = {};
  for (const [field, texts] of Object.entries(v)) {
    if (!fields.includes(field)) throw new ScenarioError(`"eventText" has "${field}", which is not a text field of "${type}"`, index);
    if (event[field] === undefined) throw new ScenarioError(`"eventText" has "${field}", which the "${type}" event does not have`, index);
    const list = Array.isArray(event[field]);
    if (!isRecord(texts)) throw new ScenarioError(`"${type}" field "${field}" must give a text in ar, fr and en`, index);
    for (const l of LANGS) {
      const t = texts[l];
      const ok = list
        ? Array.isArray(t) && t.length === (event[field] as unknown[]).length && t.every((x) => typeof x === 'string' && x.trim() !== '')
        : typeof t === 'string' && t.trim() !== '';
      if (!ok) throw new ScenarioError(`"${type}" field "${field}" lacks its ${l} text`, index);
    }
    const extra = Object.keys(texts).find((k) => !(LANGS as readonly string[]).includes(k));
    if (extra) throw new ScenarioError(`"${type}" field "${field}": unknown language "${extra}"`, index);
    if (!LANGS.some((l) => sameText(texts[l], event[field]))) {
      throw new ScenarioError(`"${type}" field "${field}": the event's own text must be its ar, fr or en text`, index);
    }
    out[field] = { ar: texts.ar, fr: texts.fr, en: texts.en } as LocalizedField;
  }
  const missing = complete ? fields.find((f) => event[f] !== undefined && out[f] === undefined) : undefined;
  if (missing) throw new ScenarioError(`"${type}" field "${missing}" is in one language only: "eventText" must give it in ar, fr and en`, index);
  return out;
}

export interface LoadOptions {
  /** Refuse a scenario with a text field of an event not given in ar, fr and en (the built-in library). */
  allLanguages?: boolean;
}

/** Validates a scenario and replays it; the returned snapshot is the state after the last step. */
export function loadScenario(raw: unknown, options: LoadOptions = {}): { scenario: Scenario; snapshot: CaseSnapshot } {
  if (!isRecord(raw)) throw new ScenarioError('the file must contain one JSON object');
  if (typeof raw.format !== 'string' || !READABLE_FORMATS.includes(raw.format)) throw new ScenarioError(`"format" must be "${SCENARIO_FORMAT}" (or the older "sanad-scenario/1")`);
  if (typeof raw.id !== 'string' || !/^[a-z0-9-]+$/.test(raw.id)) throw new ScenarioError('"id" must be lowercase letters, digits and dashes');
  if (!Array.isArray(raw.steps) || raw.steps.length === 0) throw new ScenarioError('"steps" must be a non-empty list');
  const title = localized(raw.title, 'title');
  const summary = localized(raw.summary, 'summary');
  const rawSteps = raw.steps as unknown[];
  rawSteps.forEach((s, i) => {
    if (!isRecord(s) || !isRecord(s.event)) throw new ScenarioError('each step needs an "event" object', i);
    const extra = Object.keys(s).find((k) => !['event', 'eventText', 'narration', 'decision'].includes(k));
    if (extra) throw new ScenarioError(`unknown step field "${extra}"`, i);
    if (s.eventText !== undefined && raw.format !== SCENARIO_FORMAT) throw new ScenarioError(`"eventText" needs "format": "${SCENARIO_FORMAT}"`, i);
  });
  let snapshot: CaseSnapshot;
  try {
    snapshot = replay(rawSteps.map((s) => (s as Record<string, unknown>).event), raw.id);
  } catch (err) {
    if (err instanceof ReplayError) {
      const p = err.problem;
      throw new ScenarioError(describeProblem(p), err.index, p.code === 'refused' ? { eventType: p.eventType, refusal: p.refusal } : undefined);
    }
    throw err;
  }
  let before = initialSnapshot(raw.id);
  const steps = rawSteps.map((s, i): ScenarioStep => {
    const rec = s as Record<string, unknown>;
    const event = rec.event as CaseEvent;
    const text = eventText(rec.eventText, rec.event as Record<string, unknown>, i, options.allLanguages ?? false);
    const step: ScenarioStep = {
      event,
      ...(text === undefined ? {} : { eventText: text }),
      ...(rec.narration === undefined ? {} : { narration: localized(rec.narration, 'narration', i) }),
      ...(rec.decision === undefined ? {} : { decision: decision(rec.decision, i, event, before) }),
    };
    before = applyCaseEvent(before, event, i);
    return step;
  });
  return { scenario: { format: SCENARIO_FORMAT, id: raw.id, title, summary, steps }, snapshot };
}

/**
 * A scenario of the built-in library: checked like any other, and told in every language. A text field of an
 * event in one language only is refused, the message naming the scenario, the step and the field.
 */
export function loadLibraryScenario(raw: unknown, file: string): { scenario: Scenario; snapshot: CaseSnapshot } {
  try {
    return loadScenario(raw, { allLanguages: true });
  } catch (err) {
    const id = isRecord(raw) && typeof raw.id === 'string' ? raw.id : file;
    if (err instanceof ScenarioError) throw new ScenarioError(`built-in scenario "${id}": ${err.message}`, undefined, err.refusal);
    throw err;
  }
}

/**
 * The scenario told in one language: each event's text fields replaced by their `lang` text, `eventText`
 * dropped. The events stay plain events (what the machine, the case views and the PDFs take); a field given
 * in one language only is kept as written.
 */
export function scenarioIn(scenario: Scenario, lang: Lang): Scenario {
  return {
    ...scenario,
    steps: scenario.steps.map(({ eventText: text, ...step }) => {
      if (!text) return step;
      const event: Record<string, unknown> = { ...step.event };
      for (const [field, t] of Object.entries(text)) event[field] = t[lang];
      return { ...step, event: event as unknown as CaseEvent };
    }),
  };
}

function decision(v: unknown, index: number, event: CaseEvent, before: ReturnType<typeof initialSnapshot>): Decision {
  if (!isRecord(v)) throw new ScenarioError('"decision" must be an object', index);
  const extra = Object.keys(v).find((k) => !['question', 'choices', 'answer'].includes(k));
  if (extra) throw new ScenarioError(`unknown decision field "${extra}"`, index);
  if (!Array.isArray(v.choices) || v.choices.length < 2) throw new ScenarioError('a decision needs at least two "choices"', index);
  const choices = v.choices.map((c: unknown, n): DecisionChoice => {
    const what = `choice ${n + 1}`;
    if (!isRecord(c) || typeof c.safe !== 'boolean') throw new ScenarioError(`${what} needs "text", "safe" (true or false) and "why"`, index);
    const unknown = Object.keys(c).find((k) => !['text', 'safe', 'why', 'refused'].includes(k));
    if (unknown) throw new ScenarioError(`${what}: unknown field "${unknown}"`, index);
    const out: DecisionChoice = { text: localized(c.text, `${what} text`, index), safe: c.safe, why: localized(c.why, `${what} why`, index) };
    if (c.refused !== undefined) {
      if (c.safe) throw new ScenarioError(`${what} is safe, so it cannot be "refused"`, index);
      if (!isRecord(c.refused)) throw new ScenarioError(`${what}: "refused" must be an event without "at" and "by"`, index);
      const parsed = parseEvent({ ...c.refused, at: event.at, by: event.by });
      if (!parsed.ok) throw new ScenarioError(`${what}: "refused" is not a valid event (${describeProblem(parsed.problem)})`, index);
      if (before.can(parsed.event)) {
        throw new ScenarioError(`${what} says the protocol refuses "${parsed.event.type}", but in step "${stepOf(before)}" it is allowed`, index);
      }
      out.refused = c.refused;
    }
    return out;
  });
  if (!choices.some((c) => c.safe) || choices.every((c) => c.safe)) throw new ScenarioError('a decision needs at least one safe and one unsafe choice', index);
  return { question: localized(v.question, 'decision question', index), choices, answer: localized(v.answer, 'decision answer', index) };
}
