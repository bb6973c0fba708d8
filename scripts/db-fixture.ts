/**
 * Freezes a database written by the current schema into tests/fixtures/sanad-v<N>.json: every scenario
 * stored as a case (sealed, under a vault whose passphrase is in the file, as test data), and a few settings.
 * Run once when a schema version is released; tests/storage-upgrade.test.ts then opens every frozen
 * database with the newest schema.   npx tsx scripts/db-fixture.ts
 */
import 'fake-indexeddb/auto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { DEFAULT_CALENDAR } from '../protocol/calendar';
import { appendEvent, createCase } from '../src/storage/case-repository';
import { openDb } from '../src/storage/db';
import { CURRENT_VERSION } from '../src/storage/schema';
import { writeSetting } from '../src/storage/settings';
import { createVault } from '../src/storage/vault';

const PASSPHRASE = 'fixture passphrase: not a secret';
const db = openDb(`fixture-v${CURRENT_VERSION}`);
await db.open();
const { keys, recoveryCode } = await createVault(db, PASSPHRASE, '2026-11-28T09:00:00.000Z');
await db.vault.update('vault', { legacySealed: true });

const dir = 'protocol/scenarios';
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const events = (JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as { steps: { event: unknown }[] }).steps.map((s) => s.event);
  const id = file.replace(/\.json$/, '');
  // Some events written in one go, some one by one, as the app does both.
  await createCase(db, keys, id, events.slice(0, 5), DEFAULT_CALENDAR);
  for (const e of events.slice(5)) await appendEvent(db, keys, id, e, DEFAULT_CALENDAR);
}
await writeSetting(db, keys, 'author', 'Mme Idrissi');
await writeSetting(db, keys, 'school', 'Collège Ibn Khaldoun');
await writeSetting(db, keys, 'team', ['Mme Benali', 'M. Haddad']);
await writeSetting(db, keys, 'calendar', { ...DEFAULT_CALENDAR, holidays: [...DEFAULT_CALENDAR.holidays, { from: '2026-12-15', to: '2026-12-15', label: 'Journée pédagogique' }] });
await writeSetting(db, keys, 'draft.report', { author: 'Mme Idrissi', channel: 'oral', narrative: 'Un brouillon pas encore enregistré.', parties: [] });

const tables: Record<string, unknown[]> = {};
for (const t of db.tables) tables[t.name] = await t.toArray();
const out = `tests/fixtures/sanad-v${CURRENT_VERSION}.json`;
const fixture = { format: 'sanad-db-fixture/1', schemaVersion: CURRENT_VERSION, passphrase: PASSPHRASE, recoveryCode, tables };
writeFileSync(out, `${JSON.stringify(fixture, null, 1)}\n`);
console.log(`${out}: ${Object.entries(tables).map(([k, v]) => `${k} ${v.length}`).join(', ')}`);
