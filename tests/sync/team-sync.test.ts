import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, PouchDoc } from 'pouchdb-core';
import { main as syncSetup } from '../../scripts/sync-setup';
import { mergeCase } from '../../src/sync/merge';
import { DESIGN_DOC_ID, installRules } from '../../src/sync/server-rules';
import { SyncDocError, decodeEvent, encodeEvent, eventDocId, parseEventDocId } from '../../src/sync/sync-doc';
import type { DecodeContext, SyncDoc, SyncedEvent, TeamMember } from '../../src/sync/sync-doc';
import { KeyDocError, decodeCaseKeyDoc, decodeTeamKeyDoc, encodeCaseKeyDoc, encodeTeamKeyDoc } from '../../src/sync/key-docs';
import { generateCaseKey, generateDeviceKeys, generateTeamKey } from '../../src/sync/team-keys';
import type { CaseKey, DeviceKeys, TeamKey } from '../../src/sync/team-keys';
import { kit } from '../setup/case-kit';
import { Pouch, startCouch } from './couch-server';
import type { CouchServer } from './couch-server';

/**
 * Team sync against a real CouchDB-protocol server (express-pouchdb, in memory, on 127.0.0.1): the rules installed
 * by the setup code, two devices replicating encrypted events through it with PouchDB's replicator, what the server
 * stores, and documents altered on the server (docs/decisions/0018-team-sync.md).
 */

const CASE_ID = 'case-7f3a-canary';
const CANARIES = ['Samira Benali', 'Youssef El Amrani', 'Pupil Canary', 'They post my photos with insults', 'Lycée Ibn Khaldoun', CASE_ID, 'case.report', 'intake.submit'];

let couch: CouchServer;
/** The rules are probed on one database, replication runs on another (the probes leave documents behind). */
let rulesDb: string;
let db: string;

beforeAll(async () => {
  couch = await startCouch();
  rulesDb = `${couch.url}/rules-db`;
  db = `${couch.url}/team-db`;
});
afterAll(async () => {
  await couch?.stop();
});

const call = async (method: string, path: string, body?: unknown, base = rulesDb) => {
  const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};
const flip = (b64: string, at = 0) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  bytes[at]! ^= 1;
  return btoa(String.fromCharCode(...bytes));
};
const TAG = 'A'.repeat(43);
const shapely = (id: string, extra: Record<string, unknown> = {}) => ({ _id: id, v: 1, kid: 1, iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAA', sig: 'AAAA', ...extra });

describe('the server rules, installed by npm run sync:setup', () => {
  it('creates the database, installs the rules and is safe to run again', async () => {
    expect(await syncSetup([rulesDb, '--member', 'device-a', '--member', 'device-b'])).toBe('database rules-db: created; rules installed; members: device-a, device-b');
    expect(await syncSetup([rulesDb, '--member', 'device-a', '--member', 'device-b'])).toBe('database rules-db: already there; rules unchanged; members: device-a, device-b');
    expect((await call('GET', `/${DESIGN_DOC_ID}`)).json.validate_doc_update).toContain('immutable');
    expect((await call('GET', '/_security')).json).toMatchObject({ members: { names: ['device-a', 'device-b'] } });
    await expect(installRules('ftp://example.org/team')).rejects.toMatchObject({ problem: 'badAddress' });
    await expect(installRules(`${couch.url}/Bad Name`)).rejects.toMatchObject({ problem: 'badAddress' });
  });

  it('refuses with 403 an update or a deletion of a document', async () => {
    const id = `e:${TAG}:ev-immutable`;
    const made = await call('PUT', `/${encodeURIComponent(id)}`, shapely(id));
    expect(made.status).toBe(201);
    const rev = made.json.rev as string;
    expect((await call('PUT', `/${encodeURIComponent(id)}`, shapely(id, { _rev: rev, ct: 'BBBB' }))).status).toBe(403);
    expect((await call('DELETE', `/${encodeURIComponent(id)}?rev=${rev}`)).status).toBe(403);
    expect((await call('POST', '/_bulk_docs', { docs: [shapely(id, { _rev: rev, _deleted: true })] })).status).toBeLessThan(300);
    // Still there, unchanged.
    expect((await call('GET', `/${encodeURIComponent(id)}`)).json).toMatchObject({ _rev: rev, ct: 'AAAA' });
  });

  it('refuses an extra field, an unknown id, a bad version and an oversized document', async () => {
    const put = (doc: Record<string, unknown>) => call('PUT', `/${encodeURIComponent(doc._id as string)}`, doc);
    const refused = [
      shapely(`e:${TAG}:ev-extra`, { name: 'Samira Benali' }),
      shapely('case-1'),
      shapely(`x:${TAG}`),
      shapely(`e:${TAG}:ev-version`, { v: 2 }),
      shapely(`e:${TAG}:ev-big`, { ct: 'A'.repeat(100_004) }),
      shapely(`k:${TAG}`, { epk: 'AAAA' }),
    ];
    for (const doc of refused) {
      const r = await put(doc);
      expect([doc._id, r.status]).toEqual([doc._id, 403]);
      expect(r.json.error).toBe('forbidden');
    }
    expect((await put(shapely(`t:1:AAAA-BBBB-CCCC-DDDD`, { epk: 'AAAA' }))).status).toBe(201);
    expect((await put(shapely(`k:${TAG}`))).status).toBe(201);
  });
});

interface Device {
  keys: DeviceKeys;
  local: Database;
  teams: TeamKey[];
  caseKeys: CaseKey[];
  log: SyncedEvent[];
}

async function device(name: string): Promise<Device> {
  return { keys: await generateDeviceKeys(), local: new Pouch(name, { adapter: 'memory' }), teams: [], caseKeys: [], log: [] };
}

/** What a device does after pulling: open its team key, the case keys, then every event it can. */
async function absorb(d: Device, members: TeamMember[]): Promise<{ refused: SyncDocError[]; refusedKeys: KeyDocError[] }> {
  const rows = (await d.local.allDocs({ include_docs: true })).rows.map((r) => r.doc!);
  const refusedKeys: KeyDocError[] = [];
  const keyDoc = async (f: () => Promise<void>) => {
    try {
      await f();
    } catch (err) {
      if (!(err instanceof KeyDocError)) throw err;
      refusedKeys.push(err);
    }
  };
  for (const doc of rows.filter((x) => x._id.startsWith('t:') && x._id.endsWith(`:${d.keys.public.fingerprint}`))) {
    await keyDoc(async () => {
      const team = await decodeTeamKeyDoc(doc, d.keys, 'team-db', members);
      if (!d.teams.some((t) => t.version === team.version)) d.teams.push(team);
    });
  }
  for (const doc of rows.filter((x) => x._id.startsWith('k:'))) {
    const tag = doc._id.slice(2);
    if (d.caseKeys.some((k) => k.caseTag === tag)) continue;
    await keyDoc(async () => {
      d.caseKeys.push(await decodeCaseKeyDoc(doc, 'team-db', (kid) => d.teams.find((t) => t.version === kid), members));
    });
  }
  const ctx: DecodeContext = { teamKey: (kid) => d.teams.find((t) => t.version === kid), caseKey: (tag, kid) => d.caseKeys.find((k) => k.caseTag === tag && k.kid === kid), members };
  const received: SyncedEvent[] = [];
  const refused: SyncDocError[] = [];
  for (const doc of rows.filter((x) => x._id.startsWith('e:'))) {
    try {
      received.push(await decodeEvent(doc, ctx));
    } catch (err) {
      if (!(err instanceof SyncDocError)) throw err;
      refused.push(err);
    }
  }
  d.log = mergeCase(CASE_ID, d.log, received).events;
  return { refused, refusedKeys };
}

describe('two devices replicate encrypted events through the server', () => {
  it('each decodes the other, the server holds no canary, and altered documents are refused', async () => {
    expect((await installRules(db, { members: ['device-a', 'device-b'] })).rules).toBe('installed');
    const [a, b] = [await device('device-a'), await device('device-b')];
    const members: TeamMember[] = [a, b].map((d) => ({ fingerprint: d.keys.public.fingerprint, signingRaw: d.keys.public.signingRaw }));

    // A makes the team and enrols B (after comparing B's code on both screens), then records a case.
    const team = await generateTeamKey('team-db');
    a.teams.push(team);
    const ck = await generateCaseKey(team, CASE_ID);
    a.caseKeys.push(ck);
    const k = kit();
    const events = [
      k.e('case.report', { channel: 'oral', reporterRole: 'target', summary: 'They post my photos with insults' }),
      k.e('party.add', { partyId: 'p1', role: 'target', pseudonym: 'Pupil Canary', name: 'Samira Benali' }),
      k.e('party.add', { partyId: 'p2', role: 'allegedAuthor', pseudonym: 'Pupil B', name: 'Youssef El Amrani' }),
      k.e('note.add', { text: 'Met at Lycée Ibn Khaldoun' }),
    ];
    a.log = events.map((event, seq) => ({ caseId: CASE_ID, eventId: `a-${seq}`, author: a.keys.public.fingerprint, seq, event }));
    const docs: PouchDoc[] = [
      ...((await Promise.all([a, b].map((d) => encodeTeamKeyDoc(team, d.keys.public, a.keys)))) as unknown as PouchDoc[]),
      (await encodeCaseKeyDoc(team, ck, a.keys)) as unknown as PouchDoc,
      ...((await Promise.all(a.log.map((e) => encodeEvent(ck, a.keys, e)))) as unknown as PouchDoc[]),
    ];
    await a.local.bulkDocs(docs);
    const pushed = await a.local.replicate.to(db, { batch_size: 2 });
    expect(pushed).toMatchObject({ ok: true, docs_written: docs.length, doc_write_failures: 0 });

    // B pulls, opens its team key, the case key and every event.
    await b.local.replicate.from(db, { batch_size: 2 });
    expect(await absorb(b, members)).toEqual({ refused: [], refusedKeys: [] });
    expect(b.log).toEqual(a.log);

    // B adds an event; A pulls it and decodes it.
    const bEvent: SyncedEvent = { caseId: CASE_ID, eventId: 'b-0', author: b.keys.public.fingerprint, seq: 0, event: k.e('note.add', { text: 'Parents called' }) };
    await b.local.put((await encodeEvent(b.caseKeys[0]!, b.keys, bEvent)) as unknown as PouchDoc);
    b.log = mergeCase(CASE_ID, b.log, [bEvent]).events;
    expect(await b.local.replicate.to(db)).toMatchObject({ ok: true, docs_written: 1 });
    await a.local.replicate.from(db);
    expect((await absorb(a, members)).refused).toEqual([]);
    expect(a.log).toEqual(b.log);
    expect(a.log.at(-1)).toEqual(bEvent);
    // A second pull starts from its checkpoint: nothing read again.
    expect(await a.local.replicate.from(db)).toMatchObject({ ok: true, docs_read: 0, docs_written: 0 });

    // What the server stores: ciphertext only.
    const stored = await call('GET', '/_all_docs?include_docs=true', undefined, db);
    const text = JSON.stringify(stored.json);
    expect((stored.json.rows as unknown[]).length).toBeGreaterThanOrEqual(docs.length + 1);
    for (const canary of CANARIES) expect(text).not.toContain(canary);
    for (const id of ['a-0', 'b-0']) expect(text).toContain(`"e:${ck.caseTag}:${id}"`);

    // Documents altered on the server, written as new documents that pass the server's rules (an insider or the
    // operator): the same body under another id, a flipped ciphertext, a flipped signature, another author's body.
    const original = (await b.local.get(eventDocId(ck.caseTag, 'a-1'))) as unknown as SyncDoc;
    const other = (await b.local.get(eventDocId(ck.caseTag, 'b-0'))) as unknown as SyncDoc;
    const body = (d: SyncDoc) => ({ v: d.v, kid: d.kid, iv: d.iv, ct: d.ct, sig: d.sig });
    const forged = [
      { _id: eventDocId(ck.caseTag, 'x-moved'), ...body(original) },
      { _id: eventDocId(ck.caseTag, 'x-ct'), ...body(original), ct: flip(original.ct, 30) },
      { _id: eventDocId(ck.caseTag, 'x-swap'), ...body(other) },
    ];
    for (const f of forged) expect((await call('PUT', `/${encodeURIComponent(f._id)}`, f, db)).status).toBe(201);
    // The operator rewrites a stored document in the server's own storage (the rules do not bind it there).
    const serverDb = new couch.storage('team-db');
    const stolen = (await serverDb.get(eventDocId(ck.caseTag, 'a-2'))) as unknown as SyncDoc & { _rev: string };
    await serverDb.bulkDocs([{ ...stolen, _rev: `9-${'f'.repeat(32)}`, sig: flip(stolen.sig, 5) }], { new_edits: false });
    expect(((await call('GET', `/${encodeURIComponent(stolen._id)}`, undefined, db)).json as { sig: string }).sig).not.toBe(stolen.sig);

    const before = structuredClone(a.log);
    await a.local.replicate.from(db);
    const { refused } = await absorb(a, members);
    expect(refused.map((e) => [parseEventDocId(e.docId)?.eventId, e.problem]).sort()).toEqual([
      ['a-2', 'badSignature'],
      ['x-ct', 'altered'],
      ['x-moved', 'altered'],
      ['x-swap', 'altered'],
    ]);
    expect(refused[0]!.message).toMatch(/^sync document e:/);
    expect(a.log).toEqual(before);

    // The operator writes B a team key of its own for version 2 (it needs only B's public key to wrap one): it
    // passes the server's rules, and B refuses it, staying on version 1.
    const operatorKey = await generateTeamKey('team-db', 2);
    const operatorDevice = await generateDeviceKeys();
    const planted = await encodeTeamKeyDoc(operatorKey, b.keys.public, operatorDevice);
    expect((await call('PUT', `/${encodeURIComponent(planted._id)}`, planted, db)).status).toBe(201);
    await b.local.replicate.from(db);
    const onB = await absorb(b, members);
    expect(onB.refusedKeys.map((e) => [e.docId, e.problem])).toEqual([[planted._id, 'badSignature']]);
    expect(b.teams.map((t) => t.version)).toEqual([1]);
  });
});
