import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { loadScenario } from '../../machines/scenario';
import { stepOf } from '../../machines/replay';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { makeBackup } from './backup';
import { rawDigest } from '../../tests/setup/raw-idb';
import { appendEvent, createCase, loadCase } from './case-repository';
import { appDb } from './instance';
import { ScenarioImportError, caseAsScenario, resetSandbox, saveScenario, savedScenarios, scenarioFile, startWhatIf, trainingDb, trainingStore } from './training-db';
import { createVault } from './vault';

const file = (id: string) => JSON.parse(readFileSync(`protocol/scenarios/${id}.json`, 'utf8')) as unknown;
const resolved = loadScenario(file('shared-concern-resolved')).scenario;
const NOW = '2026-11-28T15:00:30.000Z';

describe('training sandbox', () => {
  it('continues a scenario live, saves it as a scenario, resets — and the school database never changes', async () => {
    const real = appDb();
    const { keys } = await createVault(real, 'training test passphrase', NOW);
    await createCase(real, keys, 'real-case', (loadScenario(file('conflict-only')).scenario.steps.slice(0, 6)).map((s) => s.event), DEFAULT_CALENDAR);
    const before = await rawDigest(real.name);
    const backupBefore = (await makeBackup(real, keys, NOW)).manifest;

    // "What if" after 16 events: the same story, moved so that its last event happened now.
    const caseId = await startWhatIf(resolved, 16, NOW);
    const store = await trainingStore();
    const live = await loadCase(store.db(), store.keys(), caseId);
    expect(live.events.map((e) => e.event.type)).toEqual(resolved.steps.slice(0, 16).map((s) => s.event.type));
    expect(live.events.at(-1)?.at).toBe('2026-11-28T15:00:00.000Z');
    const gap = (events: { at: string }[]) => Date.parse(events[15]!.at) - Date.parse(events[0]!.at);
    expect(gap(live.events)).toBe(gap(resolved.steps.map((s) => s.event)));
    expect(stepOf(live.snapshot)).toBe('assessment');

    await appendEvent(store.db(), store.keys(), caseId, { type: 'track.choose', at: NOW, by: 'Formateur', track: 'B', rationale: 'What if the team went formal at once?' }, DEFAULT_CALENDAR);
    const after = await loadCase(store.db(), store.keys(), caseId);
    const raw = await caseAsScenario(caseId, after.events.map((e) => e.event), 'Et si : voie B', 'La voie formelle dès le départ.', [resolved]);
    const saved = await saveScenario(raw, 'sandbox', new Set([resolved.id]), NOW);
    expect(saved.id).toBe(`et-si-voie-b-${caseId.slice(0, 6)}`);
    expect(saved.steps).toHaveLength(17);
    // The steps taken from the scenario keep its narration and decisions; the trainer's own step has none.
    expect(saved.steps.slice(0, 16).map((s) => s.narration)).toEqual(resolved.steps.slice(0, 16).map((s) => s.narration));
    expect(saved.steps.filter((s) => s.decision)).toHaveLength(resolved.steps.slice(0, 16).filter((s) => s.decision).length);
    expect(saved.steps[16]?.narration).toBeUndefined();
    expect(stepOf(loadScenario(JSON.parse(scenarioFile(saved))).snapshot)).toBe('supportAndIntervention');

    await expect(saveScenario(file('conflict-only'), 'imported', new Set(['conflict-only']), NOW)).rejects.toBeInstanceOf(ScenarioImportError);

    await resetSandbox();
    const t = trainingDb();
    expect([await t.cases.count(), await t.events.count(), await t.snapshots.count(), await t.settings.count()]).toEqual([0, 0, 0, 0]);
    expect((await savedScenarios()).scenarios.map((s) => s.id)).toEqual([saved.id]);

    expect(await rawDigest(real.name)).toBe(before);
    expect((await makeBackup(real, keys, NOW)).manifest).toEqual(backupBefore);
  });

  it('a scenario file downloaded from the player loads back to the same scenario', () => {
    for (const id of ['sextortion-emergency', 'hate-speech-origin']) {
      const { scenario } = loadScenario(file(id));
      expect(loadScenario(JSON.parse(scenarioFile(scenario))).scenario).toEqual(scenario);
    }
  });
});
