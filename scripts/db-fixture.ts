/**
 * Writes tests/fixtures/sanad-v<N>.json: a database made by schema version N (not the current one,
 * when N is older), with every scenario stored as a case and a few settings. Run once per released
 * schema, then the file is frozen: tests/storage-upgrade.test.ts opens it with the current schema.
 *   npx tsx scripts/db-fixture.ts 1
 */
import 'fake-indexeddb/auto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { Dexie } from 'dexie';
import { DEFAULT_CALENDAR } from '../protocol/calendar';
import { appendEvent, createCase } from '../src/storage/case-repository';
import type { SanadDb } from '../src/storage/db';
import { SCHEMA } from '../src/storage/schema';

const version = Number(process.argv[2]);
const upTo = SCHEMA.filter((s) => s.version <= version);
if (!upTo.some((s) => s.version === version)) throw new Error(`no schema version ${process.argv[2]}`);

const db = new Dexie(`fixture-v${version}`) as SanadDb;
for (const { version: v, stores } of upTo) db.version(v).stores(stores);
await db.open();

const dir = 'protocol/scenarios';
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const events = (JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as { steps: { event: unknown }[] }).steps.map((s) => s.event);
  const id = file.replace(/\.json$/, '');
  // Some cases written in one go, some event by event, as the app does both.
  await createCase(db, id, events.slice(0, 5), DEFAULT_CALENDAR);
  for (const e of events.slice(5)) await appendEvent(db, id, e, DEFAULT_CALENDAR);
}
await db.settings.bulkPut([
  { key: 'author', value: 'Mme Idrissi' },
  { key: 'school', value: 'Collège Ibn Khaldoun' },
  { key: 'team', value: ['Mme Benali', 'M. Haddad'] },
  { key: 'calendar', value: { ...DEFAULT_CALENDAR, holidays: [...DEFAULT_CALENDAR.holidays, { from: '2026-12-15', to: '2026-12-15', label: 'Journée pédagogique' }] } },
  { key: 'draft.report', value: { author: 'Mme Idrissi', channel: 'oral', narrative: 'Un brouillon pas encore enregistré.', parties: [] } },
]);

const tables: Record<string, unknown[]> = {};
for (const t of db.tables) tables[t.name] = await t.toArray();
const out = `tests/fixtures/sanad-v${version}.json`;
writeFileSync(out, `${JSON.stringify({ format: 'sanad-db-fixture/1', schemaVersion: version, tables }, null, 1)}\n`);
console.log(`${out}: ${Object.entries(tables).map(([k, v]) => `${k} ${v.length}`).join(', ')}`);
