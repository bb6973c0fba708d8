import { readFileSync, readdirSync } from 'node:fs';

/**
 * Backup files for the end-to-end tests, made in Node by the app's own storage code over fake-indexeddb (as the
 * storage unit tests do), never committed: a vault sealed by `passphrase`, `cases` cases cut from the protocol's
 * scenarios, and the files a device would make of it. Nothing here touches a browser.
 */
export interface MadeBackups {
  /** A v2 file of every case, in chunks of about `eventsPerChunk` events (small: one case or two a chunk). */
  v2: Uint8Array;
  /** Another v2 file of the same cases and vault, in chunks as the app makes them (about 2,000 events). */
  v2Whole: Uint8Array;
  cases: number;
  events: number;
}

export interface BackupSpec {
  passphrase: string;
  cases: number;
  /** Events of each case: its scenario's first ones, then notes (at least 5: a case is created with its intake). */
  eventsPerCase: number;
  eventsPerChunk: number;
  /** When the backup says it was made. */
  now: string;
}

const scenarios = () =>
  readdirSync('protocol/scenarios')
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => (JSON.parse(readFileSync(`protocol/scenarios/${f}`, 'utf8')) as { steps: { event: Record<string, unknown> }[] }).steps.map((s) => s.event));

/**
 * The storage code, loaded only when a file is made, its Dexie given fake-indexeddb (this runs in the test runner's
 * process, which has no IndexedDB; nothing global is set).
 */
async function storage() {
  const [{ Dexie }, fake] = await Promise.all([import('dexie'), import('fake-indexeddb')]);
  Dexie.dependencies.indexedDB = fake.indexedDB;
  Dexie.dependencies.IDBKeyRange = fake.IDBKeyRange;
  const [db, vault, repository, settings, backup, backupV2, calendar, caseKit] = await Promise.all([
    import('../../src/storage/db'),
    import('../../src/storage/vault'),
    import('../../src/storage/case-repository'),
    import('../../src/storage/settings'),
    import('../../src/storage/backup'),
    import('../../src/storage/backup-v2'),
    import('../../protocol/calendar'),
    import('../setup/case-kit'),
  ]);
  return { ...db, ...vault, ...repository, ...settings, ...backup, ...backupV2, ...calendar, ...caseKit };
}

let opened = 0;
/** A new database of fake-indexeddb. */
async function freshDb() {
  const { openDb } = await storage();
  const db = openDb(`e2e-backup-source-${process.pid}-${opened++}`);
  await db.open();
  return db;
}

/**
 * A vault with `cases` cases: each a scenario's log, moved by whole minutes so the stories keep their school days,
 * cut or lengthened with notes to `eventsPerCase` events (notes are accepted at every step), created in one write.
 */
async function seededVault(spec: Pick<BackupSpec, 'passphrase' | 'cases' | 'eventsPerCase' | 'now'>) {
  const { createVault, createCase, writeSetting, DEFAULT_CALENDAR } = await storage();
  const db = await freshDb();
  const { keys } = await createVault(db, spec.passphrase, spec.now);
  const logs = scenarios();
  let events = 0;
  for (let i = 0; i < spec.cases; i++) {
    const shift = (i % 240) * 60_000;
    const log: Record<string, unknown>[] = logs[i % logs.length]!.slice(0, Math.max(5, spec.eventsPerCase)).map((e) => ({ ...e, at: new Date(Date.parse(e.at as string) + shift).toISOString() }));
    let at = Date.parse(log.at(-1)!.at as string);
    while (log.length < spec.eventsPerCase) {
      log.push({ type: 'note.add', at: new Date((at += 60_000)).toISOString(), by: 'Mme Idrissi', text: `Note ${log.length} of case ${i}: seen at break, no new message.` });
    }
    await createCase(db, keys, `case-${String(i).padStart(5, '0')}`, log, DEFAULT_CALENDAR);
    events += log.length;
  }
  await writeSetting(db, keys, 'author', 'Mme Idrissi');
  return { db, keys, events };
}

export async function makeV2Backups(spec: BackupSpec): Promise<MadeBackups> {
  const { makeBackupV2 } = await storage();
  const { db, keys, events } = await seededVault(spec);
  try {
    const bytes = async (eventsPerChunk?: number) => new Uint8Array(await (await makeBackupV2(db, keys, spec.now, { eventsPerChunk })).blob.arrayBuffer());
    return { v2: await bytes(spec.eventsPerChunk), v2Whole: await bytes(), cases: spec.cases, events };
  } finally {
    db.close();
  }
}

/**
 * A v1 backup (one JSON document, the format before v2) of one case whose target's pseudonym is `pseudonym`,
 * made by v1's writer: the file a device updated from an older Sanad may still hold.
 */
export async function makeV1Backup(spec: { passphrase: string; pseudonym: string; now: string }): Promise<string> {
  const { makeBackup, createVault, createCase, DEFAULT_CALENDAR, kit } = await storage();
  const db = await freshDb();
  try {
    const { keys } = await createVault(db, spec.passphrase, spec.now);
    const { e } = kit('2026-11-02T08:00:00Z');
    await createCase(
      db,
      keys,
      'case-v1-restored',
      [
        e('case.report', { channel: 'oral', reporterRole: 'target' }),
        e('party.add', { partyId: 'p1', role: 'target', pseudonym: spec.pseudonym }),
        e('party.add', { partyId: 'p2', role: 'allegedAuthor', pseudonym: 'Pupil B' }),
        e('lead.inform', { informed: 'both' }),
        e('intake.submit', { narrative: 'Messages in the class group.', platforms: ['whatsapp'], actorKind: 'student' }),
      ],
      DEFAULT_CALENDAR,
    );
    return (await makeBackup(db, keys, spec.now)).text;
  } finally {
    db.close();
  }
}

// ---- the v2 file's frames, read with the format's framing (docs/decisions/0007-backup-format.md, "v2") ----------

const MAGIC_BYTES = 8;

/** The file's frames in order (header, chunks, trailer), as byte ranges including each one's 4-byte length. */
export function framesOf(bytes: Uint8Array): { start: number; end: number }[] {
  const frames: { start: number; end: number }[] = [];
  for (let at = MAGIC_BYTES; at < bytes.length; ) {
    const length = new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0);
    frames.push({ start: at, end: at + 4 + length });
    at += 4 + length;
  }
  return frames;
}

/** `file` with its chunk `index` (0-based, after the header) replaced by chunk `index` of `other`. */
export function withForeignChunk(file: Uint8Array, other: Uint8Array, index: number): Uint8Array {
  const mine = framesOf(file)[1 + index]!;
  const theirs = framesOf(other)[1 + index]!;
  return Buffer.concat([file.subarray(0, mine.start), other.subarray(theirs.start, theirs.end), file.subarray(mine.end)]);
}

/** `file` with one bit flipped in the middle of chunk `index`'s ciphertext. */
export function withFlippedBit(file: Uint8Array, index: number): Uint8Array {
  const chunk = framesOf(file)[1 + index]!;
  const out = Uint8Array.from(file);
  out[Math.floor((chunk.start + chunk.end) / 2)]! ^= 0x10;
  return out;
}
