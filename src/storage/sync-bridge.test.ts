import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Database } from 'pouchdb-core';
import { stepOf } from '../../machines/replay';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { installRules } from '../sync/server-rules';
import { eventDocId } from '../sync/sync-doc';
import type { SyncDoc } from '../sync/sync-doc';
import { kit } from '../../tests/setup/case-kit';
import { Pouch } from '../../tests/sync/couch-server';
import { couchForThisFile } from '../../tests/sync/couch-suite';
import { appendEvent, createCase, loadCase, verifyChain } from './case-repository';
import { keysFromMaster, randomBytes } from './crypto';
import type { VaultKeys } from './crypto';
import { openDb } from './db';
import type { SanadDb } from './db';
import { receivePending, sendPending } from './sync-bridge';
import type { ReceiveResult } from './sync-bridge';
import { SYNC_STATE_KEY, casesNeedingReview, enrolDevice, readSyncState, setUpSync } from './sync-state';

/**
 * Two vaults (two devices of one team) replicating through a real CouchDB-protocol server (express-pouchdb in memory,
 * tests/sync/couch-server.ts) with PouchDB's replicator, the bridge moving events between each vault and its local
 * database of ciphertext documents (decision 0018).
 */

const cal = DEFAULT_CALENDAR;
const CANARIES = ['Samira Benali', 'Pupil Canary', 'They post my photos with insults', 'Lycée Ibn Khaldoun', 'case-canary-7f3a', 'case.report', 'intake.submit', 'triage.complete'];

const couch = couchForThisFile();
let n = 0;

interface Device {
  db: SanadDb;
  keys: VaultKeys;
  local: Database;
  fingerprint: string;
}

/** A team of two devices on a fresh server database: A founded it, each enrolled the other (codes compared). */
async function team(): Promise<{ a: Device; b: Device; server: string }> {
  const id = n++;
  const server = `${couch().url}/team-${id}`;
  await installRules(server, { members: [] });
  const make = async (name: string, founder: boolean): Promise<Device> => {
    const db = openDb(`sync-${name}-${id}`);
    await db.open();
    const keys = await keysFromMaster(randomBytes(32));
    const pub = await setUpSync(db, keys, `team-${id}`, { founder });
    return { db, keys, local: new Pouch(`local-${name}-${id}`, { adapter: 'memory' }), fingerprint: pub.fingerprint };
  };
  const a = await make('a', true);
  const b = await make('b', false);
  const pubOf = async (d: Device) => (await readSyncState(d.db, d.keys))!.device.public;
  await enrolDevice(a.db, a.keys, await pubOf(b), { giveTeamKey: true });
  await enrolDevice(b.db, b.keys, await pubOf(a), { giveTeamKey: false });
  return { a, b, server };
}

/** One sync of a device: send, push, pull, receive. */
async function sync(d: Device, server: string): Promise<ReceiveResult> {
  await sendPending(d.db, d.keys, d.local);
  await d.local.replicate.to(server);
  await d.local.replicate.from(server);
  return receivePending(d.db, d.keys, d.local, cal);
}

const view = async (d: Device, caseId: string) => {
  const c = await loadCase(d.db, d.keys, caseId);
  return { ids: c.events.map((e) => e.id), events: c.events.map((e) => e.event), step: stepOf(c.snapshot), context: c.snapshot.context, departures: c.departures };
};

const serverText = async (server: string) => JSON.stringify(await (await fetch(`${server}/_all_docs?include_docs=true`)).json());

// A closing log with nothing found (as in src/sync/merge.test.ts): ready to close.
const readyToClose = (k: ReturnType<typeof kit>) => [
  ...k.intake(),
  ...k.answers(),
  k.e('parent.defer', { partyId: 'p1', reason: 'x' }),
  k.e('parent.defer', { partyId: 'p2', reason: 'x' }),
  k.e('closure.review', { whatWorked: 'x' }),
];

describe('team sync between two vaults through the server', () => {
  it('a case made on A appears on B at the same step; sending and receiving again changes nothing; the server holds no canary', async () => {
    const { a, b, server } = await team();
    const k = kit();
    const caseId = 'case-canary-7f3a';
    await createCase(a.db, a.keys, caseId, [
      k.e('case.report', { channel: 'oral', reporterRole: 'target', summary: 'They post my photos with insults' }),
      k.e('party.add', { partyId: 'p1', role: 'target', pseudonym: 'Pupil Canary', name: 'Samira Benali' }),
      k.e('party.add', { partyId: 'p2', role: 'allegedAuthor', pseudonym: 'Pupil B' }),
      k.e('lead.inform', { informed: 'both' }),
      k.e('intake.submit', { narrative: 'Met at Lycée Ibn Khaldoun', platforms: ['whatsapp'], actorKind: 'student' }),
    ], cal);
    await appendEvent(a.db, a.keys, caseId, [...k.answers(), k.e('category.set', { codes: ['HAR'] }), k.e('severity.rate', { level: 2, rationale: 'r' }), k.e('triage.complete', k.bullying)], cal);

    // B syncs first: it has no team key yet, so it sends nothing and waits.
    expect(await sendPending(b.db, b.keys, b.local)).toEqual({ written: [], failed: [], waiting: 'noTeamKey' });
    const onA = await sync(a, server);
    expect(onA.refused).toEqual([]);
    const onB = await sync(b, server);
    expect(onB.refused).toEqual([]);
    expect(onB.cases).toEqual([{ caseId, added: (await view(a, caseId)).ids.length, created: true, status: 'ok', reviews: [] }]);
    expect(await view(b, caseId)).toEqual(await view(a, caseId));
    expect((await view(b, caseId)).step).toBe('assessment');
    expect((await verifyChain(b.db, b.keys, caseId)).ok).toBe(true);

    // Idempotent both ways.
    expect(await sendPending(a.db, a.keys, a.local)).toEqual({ written: [], failed: [] });
    expect(await sendPending(b.db, b.keys, b.local)).toEqual({ written: [], failed: [] });
    const rowsBefore = await b.db.events.count();
    expect(await receivePending(b.db, b.keys, b.local, cal)).toMatchObject({ cases: [], refused: [], failed: [] });
    expect(await b.db.events.count()).toBe(rowsBefore);

    // The server: ciphertext only. The vault's sync state is sealed too.
    const text = await serverText(server);
    for (const canary of CANARIES) expect(text).not.toContain(canary);
    expect(text).toContain('"e:');
    const stateRow = JSON.stringify(await b.db.settings.get(SYNC_STATE_KEY));
    expect(stateRow).not.toContain(b.fingerprint);
    expect(stateRow).not.toContain('team-');
  });

  it('events added on both devices while offline converge to the same log on both, and each keeps recording', async () => {
    const { a, b, server } = await team();
    const k = kit();
    const caseId = 'c-offline';
    await createCase(a.db, a.keys, caseId, k.toAssessment(), cal);
    await sync(a, server);
    await sync(b, server);
    // Offline: interleaved times, so the merge must interleave the two devices' events.
    const [a1, b1, a2, b2] = [k.e('note.add', { text: 'A one' }), k.e('note.add', { text: 'B one' }), k.e('note.add', { text: 'A two' }), k.e('note.add', { text: 'B two' })];
    await appendEvent(a.db, a.keys, caseId, a1, cal);
    await appendEvent(b.db, b.keys, caseId, b1, cal);
    await appendEvent(a.db, a.keys, caseId, a2, cal);
    await appendEvent(b.db, b.keys, caseId, b2, cal);
    await sync(a, server);
    const onB = await sync(b, server);
    const onA = await sync(a, server);
    expect(onB.cases).toMatchObject([{ caseId, added: 2, created: false, status: 'ok' }]);
    expect(onA.cases).toMatchObject([{ caseId, added: 2, created: false, status: 'ok' }]);
    const [va, vb] = [await view(a, caseId), await view(b, caseId)];
    expect(vb).toEqual(va);
    expect(va.events.slice(-4).map((e) => (e as { text: string }).text)).toEqual(['A one', 'B one', 'A two', 'B two']);
    // Rows stay in arrival order, chained and anchored: the chain verifies on both.
    for (const d of [a, b]) expect((await verifyChain(d.db, d.keys, caseId)).ok).toBe(true);
    // Each keeps recording on the merged case, and the next sync converges again.
    await appendEvent(b.db, b.keys, caseId, k.e('track.choose', { track: 'B', rationale: 'agreed' }), cal);
    await sync(b, server);
    await sync(a, server);
    expect(await view(a, caseId)).toEqual(await view(b, caseId));
    expect((await view(a, caseId)).step).toBe('supportAndIntervention');
  });

  // The protocol accepts a second track choice (a team may change track), so the refused pair here is two closures.
  it('both close the case while offline: needs review on both, with the rule that refused it, nothing dropped', async () => {
    const { a, b, server } = await team();
    const k = kit();
    const caseId = 'c-two-closures';
    await createCase(a.db, a.keys, caseId, readyToClose(k), cal);
    await sync(a, server);
    await sync(b, server);
    const first = k.e('case.close', { reason: 'INSUFFICIENT_INFO' });
    const second = k.e('case.close', { reason: 'INSUFFICIENT_INFO' }, 'Counsellor');
    await appendEvent(a.db, a.keys, caseId, first, cal);
    await appendEvent(b.db, b.keys, caseId, second, cal);
    await sync(a, server);
    const onB = await sync(b, server);
    const onA = await sync(a, server);
    const refusedId = (await view(b, caseId)).ids.at(-1)!;
    for (const r of [onA, onB]) {
      expect(r.cases).toMatchObject([{ caseId, status: 'needsReview', reviews: [{ refusedEventId: refusedId, refusedType: 'case.close', refusedAuthor: b.fingerprint, rule: 'notInThisStep' }] }]);
      expect(r.needsReview[caseId]).toHaveLength(1);
    }
    expect(await casesNeedingReview(a.db, a.keys)).toEqual(await casesNeedingReview(b.db, b.keys));
    const [va, vb] = [await view(a, caseId), await view(b, caseId)];
    expect(vb).toEqual(va);
    expect(va.events.slice(-2)).toEqual([first, second]);
    expect(va.departures).toMatchObject([{ eventType: 'case.close', refusal: { code: 'notInThisStep' } }]);
    // Still marked after a pass that brings nothing new.
    expect((await receivePending(a.db, a.keys, a.local, cal)).needsReview[caseId]).toHaveLength(1);
  });

  it('an emergency recorded on B while A closed the case is neither lost nor hidden: needs review on both', async () => {
    const { a, b, server } = await team();
    const k = kit();
    const caseId = 'c-emergency';
    await createCase(a.db, a.keys, caseId, readyToClose(k), cal);
    await sync(a, server);
    await sync(b, server);
    const close = k.e('case.close', { reason: 'INSUFFICIENT_INFO' });
    const threat = k.e('trigger.answer', { trigger: 'T1', answer: 'yes', note: 'a threat came in' });
    await appendEvent(a.db, a.keys, caseId, close, cal);
    await appendEvent(b.db, b.keys, caseId, threat, cal);
    await sync(b, server);
    await sync(a, server);
    await sync(b, server);
    for (const d of [a, b]) {
      const v = await view(d, caseId);
      expect(v.events).toContainEqual(threat);
      expect(v.departures).toMatchObject([{ eventType: 'trigger.answer', refusal: { code: 'notInThisStep' } }]);
      expect((await casesNeedingReview(d.db, d.keys))[caseId]).toMatchObject([{ refusedType: 'trigger.answer', rule: 'notInThisStep' }]);
    }
    expect(await view(a, caseId)).toEqual(await view(b, caseId));
  });

  it('events whose case key the server withholds are refused as such, and imported once the key arrives', async () => {
    const { a, b, server } = await team();
    const k = kit();
    const caseId = 'c-withheld';
    await createCase(a.db, a.keys, caseId, k.toAssessment(), cal);
    await sync(a, server);
    // B's first pull gets everything but the case's key document.
    const ids = (await a.local.allDocs({})).rows.map((r) => r.id).filter((id) => !id.startsWith('k:'));
    await b.local.replicate.from(server, { doc_ids: ids });
    const first = await receivePending(b.db, b.keys, b.local, cal);
    expect(first.cases).toEqual([]);
    expect(new Set(first.refused.map((r) => r.problem))).toEqual(new Set(['unknownCaseKey']));
    expect(first.refused).toHaveLength(ids.filter((id) => id.startsWith('e:')).length);
    expect(await b.db.events.count()).toBe(0);
    const second = await sync(b, server);
    expect(second.refused).toEqual([]);
    expect(await view(b, caseId)).toEqual(await view(a, caseId));
  });

  it('forged documents are refused with their reason and leave the vault unchanged', async () => {
    const { a, b, server } = await team();
    const k = kit();
    const caseId = 'c-forged';
    await createCase(a.db, a.keys, caseId, k.toAssessment(), cal);
    await sync(a, server);
    await sync(b, server);
    const before = await view(b, caseId);
    const rowsBefore = await b.db.events.toArray();

    // An insider writes documents that pass the server's rules: an event's body under another id, a flipped ciphertext.
    const docs = (await a.local.allDocs({ include_docs: true })).rows.map((r) => r.doc!).filter((d) => d._id.startsWith('e:'));
    const original = docs[3] as unknown as SyncDoc;
    const tag = original._id.split(':')[1]!;
    const body = { v: original.v, kid: original.kid, iv: original.iv, ct: original.ct, sig: original.sig };
    const flipped = `${original.ct.slice(0, 40)}${original.ct[40] === 'A' ? 'B' : 'A'}${original.ct.slice(41)}`;
    const forged = [
      { _id: eventDocId(tag, 'forged-moved'), ...body },
      { _id: eventDocId(tag, 'forged-ct'), ...body, ct: flipped },
    ];
    for (const f of forged) {
      const res = await fetch(`${server}/${encodeURIComponent(f._id)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(f) });
      expect(res.status).toBe(201);
    }
    // The operator rewrites, in the server's own storage, the document of an event B has not received yet.
    const note = k.e('note.add', { text: 'recorded on A after the last sync' });
    await appendEvent(a.db, a.keys, caseId, note, cal);
    const [noteDoc] = (await sendPending(a.db, a.keys, a.local)).written;
    await a.local.replicate.to(server);
    const { storage: Storage, url } = couch();
    const serverDb = new Storage(server.slice(url.length + 1));
    const stored = (await serverDb.get(noteDoc!)) as unknown as SyncDoc & { _rev: string };
    const sig = `${stored.sig.slice(0, 10)}${stored.sig[10] === 'A' ? 'B' : 'A'}${stored.sig.slice(11)}`;
    await serverDb.bulkDocs([{ ...stored, _rev: `9-${'f'.repeat(32)}`, sig }], { new_edits: false });

    const result = await sync(b, server);
    expect(result.refused.map((r) => [r.docId, r.problem]).sort()).toEqual([
      [eventDocId(tag, 'forged-ct'), 'altered'],
      [eventDocId(tag, 'forged-moved'), 'altered'],
      [noteDoc, 'badSignature'],
    ].sort());
    expect(result.cases).toEqual([]);
    expect(await view(b, caseId)).toEqual(before);
    expect(await b.db.events.toArray()).toEqual(rowsBefore);
  });
});
