import { parseEvent } from './events';
import type { CaseEvent } from './events';
import { ReplayError, applyCaseEvent, describeProblem, initialSnapshot, replay, stepOf } from './replay';
import type { CaseSnapshot } from './replay';
import type { Refusal } from '../protocol/refusals';

/** Trainer scenario files (documented in protocol/scenarios/README.md). */
export const SCENARIO_FORMAT = 'sanad-scenario/1';
const LANGS = ['ar', 'fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export type Localized = Record<Lang, string>;

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
  event: CaseEvent;
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

/** Validates a scenario and replays it; the returned snapshot is the state after the last step. */
export function loadScenario(raw: unknown): { scenario: Scenario; snapshot: CaseSnapshot } {
  if (!isRecord(raw)) throw new ScenarioError('the file must contain one JSON object');
  if (raw.format !== SCENARIO_FORMAT) throw new ScenarioError(`"format" must be "${SCENARIO_FORMAT}"`);
  if (typeof raw.id !== 'string' || !/^[a-z0-9-]+$/.test(raw.id)) throw new ScenarioError('"id" must be lowercase letters, digits and dashes');
  if (!Array.isArray(raw.steps) || raw.steps.length === 0) throw new ScenarioError('"steps" must be a non-empty list');
  const title = localized(raw.title, 'title');
  const summary = localized(raw.summary, 'summary');
  const rawSteps = raw.steps as unknown[];
  rawSteps.forEach((s, i) => {
    if (!isRecord(s) || !isRecord(s.event)) throw new ScenarioError('each step needs an "event" object', i);
    const extra = Object.keys(s).find((k) => k !== 'event' && k !== 'narration' && k !== 'decision');
    if (extra) throw new ScenarioError(`unknown step field "${extra}"`, i);
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
    const step: ScenarioStep = {
      event,
      ...(rec.narration === undefined ? {} : { narration: localized(rec.narration, 'narration', i) }),
      ...(rec.decision === undefined ? {} : { decision: decision(rec.decision, i, event, before) }),
    };
    before = applyCaseEvent(before, event, i);
    return step;
  });
  return { scenario: { format: SCENARIO_FORMAT, id: raw.id, title, summary, steps }, snapshot };
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
