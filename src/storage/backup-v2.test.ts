import 'fake-indexeddb/auto';
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { array, assert as fcAssert, asyncProperty, constantFrom, integer, nat, record } from 'fast-check';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { BackupError, restoreBackup } from './backup';
import type { ReadOptions } from './backup';
import { BACKUP_V2_MAGIC, isBackupV2, makeBackupV2, planChunks, readBackupV2 } from './backup-v2';
import type { BackupProgress, CaseTables, V2Sink } from './backup-v2';
import { appendEvent, createCase, loadCase } from './case-repository';
import { CryptoFailure, keysFromMaster, randomBytes } from './crypto';
import type { VaultKeys } from './crypto';
import { caseEvents, openDb } from './db';
import type { SanadDb } from './db';
import { LEDGER_KEY, nextLedger, openLedger, readLedgerRow, sealLedger } from './ledger';
import { writeSetting } from './settings';
import { createVault } from './vault';
import type { SealedVault, VaultSecret } from './vault';
import { rawDigest } from '../../tests/setup/raw-idb';

const PASS = 'backup v2 test passphrase';
const NOW = '2026-11-28T10:00:00.000Z';
const scenarios = readdirSync('protocol/scenarios')
  .filter((f) => f.endsWith('.json'))
  .map((f) => (JSON.parse(readFileSync(`protocol/scenarios/${f}`, 'utf8')) as { steps: { event: Record<string, unknown> }[] }).steps.map((s) => s.event));

let n = 0;
async function freshDb(): Promise<SanadDb> {
  const db = openDb(`backup-v2-test-${n++}`);
  await db.open();
  return db;
}

interface CaseSpec {
  scenario: number;
  /** Events kept from the scenario's start (at least the 5 a case is created with). */
  length: number;
  /** Minutes the case's clock is moved by: the stories keep their school days, so every log stays valid. */
  shift: number;
}

async function seedCases(db: SanadDb, keys: VaultKeys, specs: readonly CaseSpec[]) {
  for (const [i, spec] of specs.entries()) {
    const log = scenarios[spec.scenario % scenarios.length]!;
    const events = log.slice(0, Math.max(5, Math.min(spec.length, log.length))).map((e) => ({ ...e, at: new Date(Date.parse(e.at as string) + spec.shift * 60_000).toISOString() }));
    await createCase(db, keys, `case-${i}`, events.slice(0, 5), DEFAULT_CALENDAR);
    if (events.length > 5) await appendEvent(db, keys, `case-${i}`, events.slice(5), DEFAULT_CALENDAR);
  }
  await writeSetting(db, keys, 'author', 'Mme Idrissi');
}
const someCases = (count: number): CaseSpec[] => Array.from({ length: count }, (_, i) => ({ scenario: i, length: 40 - (i % 7), shift: i * 17 }));

const caseTablesOf = async (db: SanadDb): Promise<CaseTables> => ({
  cases: await db.cases.orderBy('id').toArray(),
  events: await db.events.orderBy('id').toArray(),
  snapshots: await db.snapshots.orderBy('caseId').toArray(),
});
const sorted = (t: CaseTables): CaseTables => ({
  cases: [...t.cases].sort((a, b) => a.id.localeCompare(b.id)),
  events: [...t.events].sort((a, b) => a.id.localeCompare(b.id)),
  snapshots: [...t.snapshots].sort((a, b) => a.caseId.localeCompare(b.caseId)),
});

const problemOf = (p: Promise<unknown>) => p.then(() => 'none', (e: unknown) => (e instanceof BackupError ? e.problem : `other: ${String(e)}`));
const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const streamOf = (bytes: Uint8Array<ArrayBuffer>) => new Blob([bytes]).stream();

/** A stream of the bytes in pieces of the sizes given in turn (sizes of 0 included: a stream may yield empty pieces). */
function piecewise(bytes: Uint8Array, sizes: readonly number[]): ReadableStream<Uint8Array> {
  let at = 0;
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const size = sizes[i++ % sizes.length]!;
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The file's frames (header, chunks, trailer) as byte ranges, read with the format's framing, not the module's reader. */
function framesOf(bytes: Uint8Array): { start: number; end: number }[] {
  const frames: { start: number; end: number }[] = [];
  for (let at = BACKUP_V2_MAGIC.length; at < bytes.length; ) {
    const length = new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0);
    frames.push({ start: at, end: at + 4 + length });
    at += 4 + length;
  }
  return frames;
}

function flipBit(bytes: Uint8Array, at: number, bit = 0): Uint8Array<ArrayBuffer> {
  const out = concat(bytes);
  out[at]! ^= 1 << bit;
  return out;
}

let vaultDb: SanadDb;
let keys: VaultKeys;
let recoveryCode: string;
/** Deriving keys is deterministic and slow (PBKDF2): the test vault gives the known keys, any other is a wrong secret. */
let keysFor: ReadOptions['keysFor'];

beforeAll(async () => {
  vaultDb = await freshDb();
  ({ keys, recoveryCode } = await createVault(vaultDb, PASS, '2026-11-28T09:00:00.000Z'));
  const sealed = JSON.stringify(await vaultDb.vault.get('vault').then((v) => ({ kdf: v!.kdf, byPassphrase: v!.byPassphrase, recovery: v!.recovery })));
  keysFor = async (v: SealedVault) => (JSON.stringify(v) === sealed ? keys : Promise.reject(new CryptoFailure('another vault')));
}, 60_000);
afterAll(async () => {
  await vaultDb.delete();
});

/** The vault database emptied of cases and settings (the vault row stays: creating one costs a slow derivation). */
async function resetVaultDb() {
  await Promise.all([vaultDb.cases.clear(), vaultDb.events.clear(), vaultDb.snapshots.clear(), vaultDb.settings.clear()]);
}

/** Reads a file, collecting what the sink is handed, and the problem (or 'none'). */
async function readRecording(input: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>, secret: VaultSecret = { passphrase: PASS }, extra: Partial<ReadOptions> & { signal?: AbortSignal } = {}) {
  const handed: number[] = [];
  const tables: CaseTables = { cases: [], events: [], snapshots: [] };
  const sink: V2Sink = {
    chunk: async (t, index) => {
      handed.push(index);
      tables.cases.push(...t.cases);
      tables.events.push(...t.events);
      tables.snapshots.push(...t.snapshots);
    },
  };
  let result: Awaited<ReturnType<typeof readBackupV2>> | undefined;
  const outcome = await problemOf(
    readBackupV2(input instanceof Uint8Array ? streamOf(input) : input, secret, { keysFor, sink, ...extra }).then((r) => {
      result = r;
    }),
  );
  return { outcome, handed, tables, result };
}

describe('backup file format v2', () => {
  it('plans chunks of whole cases, in id order, about the events asked for and at least one case each', () => {
    const anchors = { c: { n: 3 }, a: { n: 1500 }, b: { n: 600 }, d: { n: 5000 }, e: { n: 1 } };
    expect(planChunks(anchors)).toEqual([['a'], ['b', 'c'], ['d'], ['e']]);
    expect(planChunks({})).toEqual([]);
    expect(planChunks(anchors, 1)).toEqual([['a'], ['b'], ['c'], ['d'], ['e']]);
    expect(planChunks(anchors, 1e9)).toEqual([['a', 'b', 'c', 'd', 'e']]);
  });

  it('round trip over generated sets of cases: what the sink is handed is exactly what the database holds, and the manifest counts it', async () => {
    const specs = array(record({ scenario: nat({ max: scenarios.length - 1 }), length: integer({ min: 5, max: 45 }), shift: nat({ max: 479 }) }), { maxLength: 3 });
    await fcAssert(
      asyncProperty(specs, constantFrom(1, 25, 60, 2000), async (cases, eventsPerChunk) => {
        await resetVaultDb();
        await seedCases(vaultDb, keys, cases);
        const before = await caseTablesOf(vaultDb);
        const ledgerBefore = await openLedger(keys, await readLedgerRow(vaultDb));
        const progress: BackupProgress[] = [];
        const made = await makeBackupV2(vaultDb, keys, NOW, { eventsPerChunk, onProgress: (p) => progress.push(p) });
        expect(made.skipped).toEqual([]);
        expect(made.manifest).toMatchObject({ createdAt: NOW, cases: cases.length, events: before.events.length, settings: 2 });
        expect(progress.at(-1) ?? { done: 0, total: 0 }).toEqual({ done: cases.length, total: cases.length });

        const readProgress: BackupProgress[] = [];
        const read = await readRecording(await bytesOf(made.blob), { passphrase: PASS }, { onProgress: (p: BackupProgress) => readProgress.push(p) } as Partial<ReadOptions>);
        expect(read.outcome).toBe('none');
        expect(sorted(read.tables)).toEqual(before);
        expect(read.result!.manifest).toEqual(made.manifest);
        expect(read.handed).toEqual(Array.from({ length: read.handed.length }, (_, i) => i));
        expect(readProgress.at(-1) ?? { done: 0, total: 0 }).toEqual({ done: cases.length, total: cases.length });
        // The settings as stored, and the ledger resealed with exactly what it anchored.
        const author = await vaultDb.settings.get('author');
        expect(read.result!.settings.find((s) => s.key === 'author')).toEqual(author);
        expect(await openLedger(keys, read.result!.settings.find((s) => s.key === LEDGER_KEY))).toEqual(ledgerBefore);
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  describe('one file of several chunks', () => {
    let file: Uint8Array<ArrayBuffer>;
    let other: Uint8Array<ArrayBuffer>;
    let frames: { start: number; end: number }[];
    let chunks: number;

    beforeAll(async () => {
      await resetVaultDb();
      await seedCases(vaultDb, keys, someCases(5));
      // One case per chunk (every scenario is longer than 10 events).
      file = await bytesOf((await makeBackupV2(vaultDb, keys, NOW, { eventsPerChunk: 10 })).blob);
      other = await bytesOf((await makeBackupV2(vaultDb, keys, NOW, { eventsPerChunk: 10 })).blob);
      frames = framesOf(file);
      chunks = frames.length - 2;
    }, 60_000);

    const frame = (bytes: Uint8Array, i: number) => {
      const f = framesOf(bytes)[i]!;
      return bytes.subarray(f.start, f.end);
    };
    /** The file with frame `i` (0: header, 1…: chunks, then the trailer) replaced by the given frames. */
    const withFrames = (i: number, ...replacement: Uint8Array[]) => concat(file.subarray(0, frames[i]!.start), ...replacement, file.subarray(frames[i]!.end));

    it('starts with the magic, reads as written, and a v1 file is told apart by its first bytes', async () => {
      expect(chunks).toBe(5);
      expect(isBackupV2(file.subarray(0, 8))).toBe(true);
      expect(isBackupV2(new TextEncoder().encode('{"format":"sanad-backup","version":1}'))).toBe(false);
      expect(isBackupV2(file.subarray(0, 7))).toBe(false);
      const read = await readRecording(file);
      expect(read.outcome).toBe('none');
      expect(read.handed).toEqual([0, 1, 2, 3, 4]);
      expect(sorted(read.tables)).toEqual(await caseTablesOf(vaultDb));
    });

    it('reads identically through a stream of 1 to 7-byte pieces', async () => {
      const whole = await readRecording(file);
      for (const sizes of [[1], [7], [3, 1, 0, 5, 2, 7, 4, 6], [2, 5, 0, 0, 1]]) {
        const split = await readRecording(piecewise(file, sizes));
        expect(split.outcome).toBe('none');
        expect(split.handed).toEqual(whole.handed);
        expect(split.tables).toEqual(whole.tables);
        expect(split.result!.manifest).toEqual(whole.result!.manifest);
        expect(split.result!.settings).toEqual(whole.result!.settings);
        expect(split.result!.vault).toEqual(whole.result!.vault);
      }
    }, 60_000);

    it('cut anywhere (in the magic, the header, a chunk, between frames, in the trailer): refused as truncated, and no chunk after the cut is handed on', async () => {
      const trailer = frames.at(-1)!;
      const cuts = [0, 3, 8, 10, frames[0]!.end - 1, frames[1]!.start, frames[2]!.start + 2, frames[2]!.start + 30, frames[3]!.end, trailer.start, trailer.start + 3, trailer.start + 40, trailer.end - 1];
      for (const cut of cuts) {
        const read = await readRecording(file.slice(0, cut));
        expect([cut, read.outcome]).toEqual([cut, 'truncated']);
        const whole = frames.slice(1, -1).flatMap((f, i) => (f.end <= cut ? [i] : []));
        expect(read.handed).toEqual(whole);
      }
    }, 60_000);

    it('two chunks swapped, a chunk duplicated or one taken from another backup of the same vault: tampered, at that chunk', async () => {
      const swapped = concat(file.subarray(0, frames[2]!.start), frame(file, 3), frame(file, 2), file.subarray(frames[3]!.end));
      expect(await readRecording(swapped)).toMatchObject({ outcome: 'tampered', handed: [0] });
      const duplicated = withFrames(2, frame(file, 2), frame(file, 2));
      expect(await readRecording(duplicated)).toMatchObject({ outcome: 'tampered', handed: [0, 1] });
      // The other file holds the same cases under the same keys: only its file id (and the header hash) differ.
      expect(await readRecording(other)).toMatchObject({ outcome: 'none' });
      const foreign = withFrames(3, frame(other, 3));
      expect(await readRecording(foreign)).toMatchObject({ outcome: 'tampered', handed: [0, 1] });
      const foreignTrailer = withFrames(frames.length - 1, frame(other, frames.length - 1));
      expect(await readRecording(foreignTrailer)).toMatchObject({ outcome: 'tampered', handed: [0, 1, 2, 3, 4] });
      // A chunk dropped, with the file still ending on a whole frame: the trailer comes where a chunk was expected.
      const dropped = withFrames(5);
      expect(await readRecording(dropped)).toMatchObject({ outcome: 'tampered', handed: [0, 1, 2, 3] });
    });

    it('one bit flipped in a chunk (IV or ciphertext) or in the trailer: tampered', async () => {
      for (const at of [frames[2]!.start + 4, frames[2]!.start + 20, frames[2]!.end - 1]) expect(await readRecording(flipBit(file, at, 3))).toMatchObject({ outcome: 'tampered', handed: [0] });
      const trailer = frames.at(-1)!;
      for (const at of [trailer.start + 5, trailer.start + 50, trailer.end - 1]) expect(await readRecording(flipBit(file, at))).toMatchObject({ outcome: 'tampered', handed: [0, 1, 2, 3, 4] });
    });

    it('one bit flipped anywhere in the header JSON: refused before any chunk is handed on (tampered when it still reads)', async () => {
      const header = frames[0]!;
      const text = new TextDecoder().decode(file.subarray(header.start + 4, header.end));
      // The creation time one minute later, the JSON still valid: only the header's hash in the AADs catches it.
      const later = text.indexOf('"createdAt":"2026-11-28T10:00') + '"createdAt":"2026-11-28T1'.length;
      expect(await readRecording(flipBit(file, header.start + 4 + later))).toMatchObject({ outcome: 'tampered', handed: [] });
      const outcomes = new Set<string>();
      for (let at = header.start + 4; at < header.end; at++) {
        for (const bit of [0, 5]) {
          const read = await readRecording(flipBit(file, at, bit));
          expect(read.handed).toEqual([]);
          outcomes.add(read.outcome);
        }
      }
      // Bytes of the vault make it another vault; of the format or version, another kind of file.
      expect([...outcomes].filter((o) => !['tampered', 'malformed', 'wrongSecret', 'notABackup', 'wrongVersion'].includes(o))).toEqual([]);
      expect(outcomes).toContain('tampered');
      expect(outcomes).toContain('malformed');
    }, 120_000);

    it('bytes after the trailer: malformed; a frame length beyond 64 MiB or a header beyond 64 KiB: malformed without reading it', async () => {
      for (const extra of [[0], [1, 2, 3, 4, 5], Array.from(frame(file, 2))]) {
        expect(await readRecording(concat(file, Uint8Array.from(extra)))).toMatchObject({ outcome: 'malformed', handed: [0, 1, 2, 3, 4] });
      }
      const huge = (at: number, length: number) => {
        const out = concat(file);
        new DataView(out.buffer).setUint32(at, length);
        return out;
      };
      expect(await readRecording(huge(frames[2]!.start, 64 * 1024 * 1024 + 1))).toMatchObject({ outcome: 'malformed', handed: [0] });
      expect(await readRecording(huge(frames[0]!.start, 64 * 1024 + 1))).toMatchObject({ outcome: 'malformed', handed: [] });
    });

    it('another magic is not a backup, or one of another version of the format', async () => {
      const magic = (text: string) => concat(new TextEncoder().encode(text), file.subarray(8));
      expect((await readRecording(magic('SANADBK3'))).outcome).toBe('wrongVersion');
      expect((await readRecording(magic('{"format'))).outcome).toBe('notABackup');
    });

    it('the real key derivation: a wrong passphrase is a wrong secret; the recovery code opens the file', async () => {
      const noMemo = { keysFor: undefined };
      expect((await readRecording(file, { passphrase: 'not the passphrase at all' }, noMemo)).outcome).toBe('wrongSecret');
      const read = await readRecording(file, { recoveryCode }, noMemo);
      expect(read).toMatchObject({ outcome: 'none', handed: [0, 1, 2, 3, 4] });
    }, 60_000);

    it('an aborted signal stops the reading before the next chunk: cancelled', async () => {
      const before = new AbortController();
      before.abort();
      expect(await readRecording(file, { passphrase: PASS }, { signal: before.signal })).toMatchObject({ outcome: 'cancelled', handed: [] });
      const during = new AbortController();
      const handed: number[] = [];
      const sink: V2Sink = {
        chunk: async (_t, index) => {
          handed.push(index);
          if (index === 1) during.abort();
        },
      };
      expect(await problemOf(readBackupV2(streamOf(file), { passphrase: PASS }, { keysFor, sink, signal: during.signal }))).toBe('cancelled');
      expect(handed).toEqual([0, 1]);
    });

    describe('a restore that writes each chunk to a staging database and replaces the device only once the whole file is read', () => {
      let target: SanadDb;
      let targetKeys: VaultKeys;
      beforeAll(async () => {
        target = await freshDb();
        targetKeys = await keysFromMaster(randomBytes(32));
        await createCase(target, targetKeys, 'own-case', scenarios[0]!.slice(0, 6), DEFAULT_CALENDAR);
      });
      afterAll(async () => {
        await target.delete();
      });

      /** Stages every checked chunk, then replaces the target in one transaction (v1's) only if the read succeeded. */
      async function restoreLike(bytes: Uint8Array<ArrayBuffer>): Promise<{ outcome: string; staged: number }> {
        const staging = await freshDb();
        let staged = 0;
        const sink: V2Sink = {
          chunk: async (t) => {
            await staging.transaction('rw', [staging.cases, staging.events, staging.snapshots], async () => {
              await staging.events.bulkAdd(t.events);
              await staging.snapshots.bulkAdd(t.snapshots);
              await staging.cases.bulkAdd(t.cases);
            });
            staged++;
          },
        };
        try {
          const read = await readBackupV2(streamOf(bytes), { passphrase: PASS }, { keysFor, sink });
          const tables = { ...(await caseTablesOf(staging)), settings: read.settings };
          await restoreBackup(target, { manifest: read.manifest, keys: read.keys, vault: read.vault, tables });
          return { outcome: 'restored', staged };
        } catch (err) {
          if (err instanceof BackupError) return { outcome: err.problem, staged };
          throw err;
        } finally {
          await staging.delete();
        }
      }

      it('a file refused at its trailer (altered, cut inside it, bytes after it) leaves the device byte for byte as it was, though every chunk was staged', async () => {
        const digest = await rawDigest(target.name);
        const trailer = frames.at(-1)!;
        const bad = [flipBit(file, trailer.start + 30), file.slice(0, trailer.end - 5), concat(file, Uint8Array.of(0)), withFrames(frames.length - 1, frame(other, frames.length - 1))];
        for (const bytes of bad) {
          const { outcome, staged } = await restoreLike(bytes);
          expect(['tampered', 'truncated', 'malformed']).toContain(outcome);
          expect(staged).toBe(chunks);
          expect(await rawDigest(target.name)).toBe(digest);
        }
      }, 60_000);

      it('a good file replaces the device with exactly the backup, and its cases open', async () => {
        expect(await restoreLike(file)).toEqual({ outcome: 'restored', staged: chunks });
        expect(await caseTablesOf(target)).toEqual(await caseTablesOf(vaultDb));
        expect(await openLedger(keys, await readLedgerRow(target))).toEqual(await openLedger(keys, await readLedgerRow(vaultDb)));
        expect((await loadCase(target, keys, 'case-3')).events.length).toBe(await caseEvents(vaultDb, 'case-3').count());
      }, 60_000);
    });
  });

  describe('making a file', () => {
    it('reads the cases a group at a time, never a whole table', async () => {
      await resetVaultDb();
      await seedCases(vaultDb, keys, someCases(3));
      const spies = [vi.spyOn(vaultDb.cases, 'toArray'), vi.spyOn(vaultDb.events, 'toArray'), vi.spyOn(vaultDb.snapshots, 'toArray')];
      try {
        const made = await makeBackupV2(vaultDb, keys, NOW, { eventsPerChunk: 30 });
        expect(made.manifest.cases).toBe(3);
        for (const spy of spies) expect(spy).not.toHaveBeenCalled();
      } finally {
        for (const spy of spies) spy.mockRestore();
      }
    });

    it('leaves out, by name, a case that cannot be vouched for, from its chunk, the manifest and the ledger; carries a flagged case as found', async () => {
      await resetVaultDb();
      await seedCases(vaultDb, keys, someCases(4));
      // case-1 lost its last event outside Sanad.
      const last = await caseEvents(vaultDb, 'case-1').last();
      await vaultDb.events.delete([last!.caseId, last!.seq]);
      // case-2 was flagged by the vault's upgrade, and its chain does not verify: carried for review, not vouched for.
      const ledger = (await openLedger(keys, await readLedgerRow(vaultDb)))!;
      await vaultDb.settings.put(await sealLedger(keys, nextLedger(ledger, (l) => (l.cases['case-2']!.flag = 'altered'))));
      const flaggedRows = await caseEvents(vaultDb, 'case-2').toArray();
      await vaultDb.events.put({ ...flaggedRows.at(-1)!, chain: flaggedRows[0]!.chain });

      const made = await makeBackupV2(vaultDb, keys, NOW, { eventsPerChunk: 10 });
      expect(made.skipped).toEqual(['case-1']);
      expect(made.manifest.heads.map((h) => h.caseId)).toEqual(['case-0', 'case-2', 'case-3']);
      const bytes = await bytesOf(made.blob);
      // The planned chunk of case-1 is still there, empty.
      expect(framesOf(bytes)).toHaveLength(2 + 4);
      const read = await readRecording(bytes);
      expect(read.outcome).toBe('none');
      expect([...new Set(read.tables.events.map((e) => e.caseId))].sort()).toEqual(['case-0', 'case-2', 'case-3']);
      const carried = (await openLedger(keys, read.result!.settings.find((s) => s.key === LEDGER_KEY)))!;
      expect(Object.keys(carried.cases)).toEqual(['case-0', 'case-2', 'case-3']);
      expect(carried.cases['case-2']!.flag).toBe('altered');
    });

    it('a case recorded in while the file is made is carried whole, as it stood when its chunk was read', async () => {
      await resetVaultDb();
      await seedCases(vaultDb, keys, someCases(3).map((s) => ({ ...s, length: 20 })));
      const extra = scenarios[2]!.slice(20, 23).map((e) => ({ ...e, at: new Date(Date.parse(e.at as string) + 2 * 17 * 60_000).toISOString() }));
      const headBefore = (await caseEvents(vaultDb, 'case-2').last())!.chain;
      let appended: Promise<unknown> | undefined;
      const made = await makeBackupV2(vaultDb, keys, NOW, {
        eventsPerChunk: 10,
        onProgress: (p) => {
          if (p.done === 1) appended = appendEvent(vaultDb, keys, 'case-2', extra, DEFAULT_CALENDAR);
        },
      });
      await appended;
      expect(made.skipped).toEqual([]);
      const headAfter = (await caseEvents(vaultDb, 'case-2').last())!.chain;
      expect([headBefore, headAfter]).toContain(made.manifest.heads.find((h) => h.caseId === 'case-2')!.head);
      expect((await readRecording(await bytesOf(made.blob))).outcome).toBe('none');
    });

    it('an aborted signal stops the making: cancelled', async () => {
      await resetVaultDb();
      await seedCases(vaultDb, keys, someCases(3));
      const before = new AbortController();
      before.abort();
      expect(await problemOf(makeBackupV2(vaultDb, keys, NOW, { signal: before.signal }))).toBe('cancelled');
      const during = new AbortController();
      const progress: number[] = [];
      const making = makeBackupV2(vaultDb, keys, NOW, {
        eventsPerChunk: 10,
        signal: during.signal,
        onProgress: (p) => {
          progress.push(p.done);
          during.abort();
        },
      });
      expect(await problemOf(making)).toBe('cancelled');
      expect(progress).toEqual([1]);
    });
  });
});
