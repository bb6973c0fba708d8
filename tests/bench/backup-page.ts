/**
 * Runs inside headless Chromium, on the app's own origin, for the backup bench (tests/bench/backup-bench.ts):
 *   - seed: the app's database as a device with `count` cases would hold it (a vault made by createVault, cases
 *     sealed, chained and indexed by the app's functions, seed-cases.ts, three settings written by writeSetting);
 *   - v1*: the baseline, the previous backup (format v1, src/storage/backup.ts, as the Backup page called it before
 *     2a191d6, on the page's thread): makeBackup then the text as a Blob (the download), file.text() then
 *     checkBackup with this tab's keys (the check), file.text(), checkBackup with the passphrase then restoreBackup
 *     (the restore, here into a database of its own so the device's stays as seeded).
 */
import type { CaseEvent } from '../../machines/events';
import { checkBackup, makeBackup, restoreBackup } from '../../src/storage/backup';
import type { VaultKeys } from '../../src/storage/crypto';
import { openDb } from '../../src/storage/db';
import { sealLedger } from '../../src/storage/ledger';
import type { Ledger } from '../../src/storage/ledger';
import { activeDbName } from '../../src/storage/active-db';
import { DB_NAME } from '../../src/storage/schema';
import { writeSetting } from '../../src/storage/settings';
import { createVault, keysFromVault, readVault } from '../../src/storage/vault';
import { caseSeeder } from './seed-cases';

const scenarios = Object.values(import.meta.glob<{ steps: { event: CaseEvent }[] }>('../../protocol/scenarios/*.json', { eager: true, import: 'default' })).map((s) =>
  s.steps.map((x) => x.event),
);

const V1_DB = 'sanad-bench-backup-v1';
let db = openDb(DB_NAME);
let keys: VaultKeys;
let passphrase = '';
let file: Blob | null = null;

async function seed(count: number, perCase: number, secret: string, settings: Record<string, unknown>): Promise<{ cases: number; events: number; ms: number }> {
  const t0 = performance.now();
  await db.delete();
  await db.open();
  keys = (await createVault(db, secret, new Date().toISOString())).keys;
  // Nothing from before the vault to reseal: the app would mark it so after its first unlock.
  await db.vault.update('vault', { legacySealed: true });
  const build = caseSeeder(scenarios, count, perCase);
  const anchors: Ledger['cases'] = {};
  // Each batch is sealed while the one before is being written.
  let writing: Promise<unknown> = Promise.resolve();
  for (let start = 0; start < count; start += 250) {
    const { cases, events, snapshots, anchors: some } = await build(keys, start, start + 250);
    await writing;
    writing = db.transaction('rw', [db.cases, db.events, db.snapshots], async () => {
      await db.events.bulkAdd(events);
      await db.snapshots.bulkAdd(snapshots);
      await db.cases.bulkAdd(cases);
    });
    Object.assign(anchors, some);
  }
  await writing;
  // The ledger that anchors every case, as the app keeps it (docs/decisions/0014), then settings as the app writes them.
  await db.settings.put(await sealLedger(keys, { rev: 1, upgrading: false, cases: anchors, settings: {} }));
  for (const [key, value] of Object.entries(settings)) await writeSetting(db, keys, key, value);
  const result = { cases: await db.cases.count(), events: await db.events.count(), ms: performance.now() - t0 };
  db.close();
  return result;
}

/** The device's database in use (after the app's restore, the restored one), unlocked as the app unlocks it. */
async function v1Open(secret: string): Promise<void> {
  passphrase = secret;
  db = openDb(activeDbName());
  keys = await keysFromVault((await readVault(db))!, { passphrase });
}

const timed = async <T>(work: () => Promise<T>): Promise<T & { ms: number }> => {
  const t0 = performance.now();
  const out = await work();
  return { ...out, ms: performance.now() - t0 };
};

/** v1's "Make a backup": every table read at once, one JSON text sealed whole, offered as a Blob. */
const v1Make = () =>
  timed(async () => {
    const { text, manifest } = await makeBackup(db, keys, new Date().toISOString());
    file = new Blob([text], { type: 'application/json' });
    return { bytes: file.size, cases: manifest.cases, events: manifest.events };
  });

/** v1's "Backup OK": the file read as text and checked whole with this tab's keys. */
const v1Check = () =>
  timed(async () => {
    const { manifest } = await checkBackup(await file!.text(), { passphrase: '' }, { keysFor: async () => keys });
    return { cases: manifest.cases, events: manifest.events };
  });

/** v1's restore: the file read as text, checked whole with the passphrase, then written in one transaction. */
const v1Restore = () =>
  timed(async () => {
    const target = openDb(V1_DB);
    await target.open();
    try {
      const checked = await checkBackup(await file!.text(), { passphrase });
      await restoreBackup(target, checked);
      return { cases: await target.cases.count(), events: await target.events.count() };
    } finally {
      target.close();
    }
  });

async function v1Clear(): Promise<void> {
  file = null;
  db.close();
  await openDb(V1_DB).delete();
}

Object.assign(window, { sanadBackupBench: { seed, v1Open, v1Make, v1Check, v1Restore, v1Clear } });
document.body.dataset.ready = 'yes';
