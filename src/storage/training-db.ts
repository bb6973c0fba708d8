import { Dexie } from 'dexie';
import type { EntityTable } from 'dexie';
import type { CaseEvent } from '../../machines/events';
import { SCENARIO_FORMAT, loadScenario } from '../../machines/scenario';
import type { Scenario, ScenarioStep } from '../../machines/scenario';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { createCase } from './case-repository';
import { upgradeVault } from './upgrade';
import type { CaseStore } from './case-store';
import { keysFromMaster } from './crypto';
import type { VaultKeys } from './crypto';
import type { SanadDb } from './db';
import { CURRENT_VERSION, SCHEMA } from './schema';
import { readSetting, writeSetting } from './settings';

/**
 * The training sandbox (docs/decisions/0009): a database of its own, never the school's. Its cases are
 * fictional and need no passphrase, so its keys come from a public constant: the same repository code runs
 * (one seam, the same protocol checks), and nothing in it is secret. No real-case code path can open it:
 * backups, transfers, PDFs and the home list all use the real store.
 */
export const TRAINING_DB_NAME = 'sanad-training';

/** A scenario imported or saved by the trainer, kept as the raw file and checked again on every read. */
export interface SavedScenarioRow {
  id: string;
  savedAt: string;
  origin: 'imported' | 'sandbox';
  raw: unknown;
}

export type TrainingDb = SanadDb & { scenarios: EntityTable<SavedScenarioRow, 'id'> };

let db: TrainingDb | undefined;

/** The case tables of the real schema, whatever its version, plus the trainer's scenarios. */
export function trainingDb(): TrainingDb {
  if (!db) {
    const stores: Record<string, string> = {};
    for (const v of SCHEMA) for (const [name, spec] of Object.entries(v.stores)) if (spec === null) delete stores[name];
    else stores[name] = spec;
    db = new Dexie(TRAINING_DB_NAME) as TrainingDb;
    db.version(CURRENT_VERSION).stores({ ...stores, scenarios: 'id' });
  }
  return db;
}

const PUBLIC_SECRET = 'sanad/training-sandbox/v1: fictional cases, deliberately not secret';

let keys: Promise<VaultKeys> | undefined;
const trainingKeys = () =>
  (keys ??= crypto.subtle.digest('SHA-256', new TextEncoder().encode(PUBLIC_SECRET)).then((h) => keysFromMaster(new Uint8Array(h))));

/** The sandbox as a case store for the case views; the keys are ready before any view needs them. */
export async function trainingStore(): Promise<CaseStore> {
  const k = await trainingKeys();
  // Sandbox cases from before the ledger are upgraded like the school's (same code); a no-op once done.
  await upgradeVault(trainingDb(), k, DEFAULT_CALENDAR);
  return { kind: 'training', db: trainingDb, keys: () => k, calendar: async () => DEFAULT_CALENDAR };
}

/** Which scenario a sandbox case left, and after how many steps: to keep the narration when it is saved. */
interface Origin {
  scenarioId: string;
  steps: number;
}
const originKey = (caseId: string) => `origin:${caseId}`;

const INSTANTS = ['at', 'contentAt', 'capturedAt'] as const;

/** Moves every instant of an event by `ms`, keeping the story's rhythm (deadlines stay where they were). */
function shifted(event: CaseEvent, ms: number): CaseEvent {
  const out: Record<string, unknown> = { ...event };
  for (const k of INSTANTS) if (typeof out[k] === 'string') out[k] = new Date(Date.parse(out[k]) + ms).toISOString();
  return out as unknown as CaseEvent;
}

/**
 * "What if": the scenario's first `upTo` events (at least the report) become a live sandbox case, moved in
 * time so that the last of them happened `now`: what is due and overdue reads as it would in a school today.
 */
export async function startWhatIf(scenario: Scenario, upTo: number, now: string): Promise<string> {
  const steps = scenario.steps.slice(0, Math.max(1, upTo));
  const last = Date.parse(steps.at(-1)!.event.at);
  const ms = Math.floor((Date.parse(now) - last) / 60_000) * 60_000;
  const store = await trainingStore();
  const caseId = crypto.randomUUID();
  await createCase(store.db(), store.keys(), caseId, steps.map((s) => shifted(s.event, ms)), DEFAULT_CALENDAR);
  await writeSetting(store.db(), store.keys(), originKey(caseId), { scenarioId: scenario.id, steps: steps.length } satisfies Origin);
  return caseId;
}

/** One click: every sandbox case and its settings go; the trainer's scenarios stay in the library. */
export async function resetSandbox(): Promise<void> {
  const t = trainingDb();
  await t.transaction('rw', [t.cases, t.events, t.snapshots, t.settings, t.vault], async () => {
    await Promise.all([t.cases.clear(), t.events.clear(), t.snapshots.clear(), t.settings.clear(), t.vault.clear()]);
  });
}

export class ScenarioImportError extends Error {
  constructor(
    readonly problem: 'builtIn' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'ScenarioImportError';
  }
}

/** Checks a scenario file and keeps it; a trainer's scenario with the same id is replaced (a new version). */
export async function saveScenario(raw: unknown, origin: SavedScenarioRow['origin'], builtIn: ReadonlySet<string>, now: string): Promise<Scenario> {
  const { scenario } = loadScenario(raw);
  if (builtIn.has(scenario.id)) throw new ScenarioImportError('builtIn', `"${scenario.id}" is a scenario of the built-in library`);
  await trainingDb().scenarios.put({ id: scenario.id, savedAt: now, origin, raw });
  return scenario;
}

/** The trainer's scenarios that still load; one that no longer does (a newer protocol) is listed apart. */
export async function savedScenarios(): Promise<{ scenarios: (Scenario & { origin: SavedScenarioRow['origin'] })[]; broken: string[] }> {
  const rows = await trainingDb().scenarios.toArray();
  const scenarios: (Scenario & { origin: SavedScenarioRow['origin'] })[] = [];
  const broken: string[] = [];
  for (const row of rows) {
    try {
      scenarios.push({ ...loadScenario(row.raw).scenario, origin: row.origin });
    } catch {
      broken.push(row.id);
    }
  }
  return { scenarios, broken };
}

export const removeScenario = (id: string) => trainingDb().scenarios.delete(id);

/** The file a trainer downloads: exactly the format the loader reads. */
export function scenarioFile(scenario: Scenario): string {
  const { format, id, title, summary, steps } = scenario;
  return `${JSON.stringify({ format, id, title, summary, steps }, null, 2)}\n`;
}

/**
 * A sandbox case as a new scenario: its events as they were recorded, the narration and decisions of the
 * scenario it left kept for the steps taken from it. The title and summary are the trainer's, in every
 * language until translated in the file.
 */
export async function caseAsScenario(caseId: string, events: CaseEvent[], title: string, summary: string, library: readonly Scenario[]): Promise<unknown> {
  const store = await trainingStore();
  const origin = await readSetting<Origin>(store.db(), store.keys(), originKey(caseId));
  const source = library.find((s) => s.id === origin?.scenarioId);
  const kept = origin && source ? origin.steps : 0;
  const steps: ScenarioStep[] = events.map((event, i) => {
    const from = i < kept ? source?.steps[i] : undefined;
    return { event, ...(from?.narration ? { narration: from.narration } : {}), ...(from?.decision ? { decision: from.decision } : {}) };
  });
  const slug = title.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  const id = `${slug || 'sandbox'}-${caseId.slice(0, 6).toLowerCase()}`;
  const all = (text: string) => ({ ar: text, fr: text, en: text });
  return { format: SCENARIO_FORMAT, id, title: all(title), summary: all(summary), steps };
}
