import type { CaseEvent } from './events';
import { ReplayError, describeProblem, replay } from './replay';
import type { CaseSnapshot } from './replay';

/** Trainer scenario files (documented in protocol/scenarios/README.md). */
export const SCENARIO_FORMAT = 'sanad-scenario/1';
const LANGS = ['ar', 'fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export type Localized = Record<Lang, string>;

export interface ScenarioStep {
  event: CaseEvent;
  narration?: Localized;
}

export interface Scenario {
  format: typeof SCENARIO_FORMAT;
  id: string;
  title: Localized;
  summary: Localized;
  steps: ScenarioStep[];
}

/** `index` is the step's position in `steps`, or undefined for a problem with the file as a whole. */
export class ScenarioError extends Error {
  constructor(
    message: string,
    readonly index?: number,
  ) {
    super(index === undefined ? message : `event ${index}: ${message}`);
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
    const extra = Object.keys(s).find((k) => k !== 'event' && k !== 'narration');
    if (extra) throw new ScenarioError(`unknown step field "${extra}"`, i);
  });
  let snapshot: CaseSnapshot;
  try {
    snapshot = replay(rawSteps.map((s) => (s as Record<string, unknown>).event), raw.id);
  } catch (err) {
    if (err instanceof ReplayError) throw new ScenarioError(describeProblem(err.problem), err.index);
    throw err;
  }
  const steps = rawSteps.map((s, i): ScenarioStep => {
    const rec = s as Record<string, unknown>;
    return {
      event: rec.event as CaseEvent,
      ...(rec.narration === undefined ? {} : { narration: localized(rec.narration, 'narration', i) }),
    };
  });
  return { scenario: { format: SCENARIO_FORMAT, id: raw.id, title, summary, steps }, snapshot };
}
