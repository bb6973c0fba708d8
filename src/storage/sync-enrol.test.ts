import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { installRules } from '../sync/server-rules';
import { fingerprintOf } from '../sync/team-keys';
import { RemoteError, checkServer, joinDocId, readLocalDoc, remoteOf, removeLocalDoc, welcomeDocId, writeLocalDoc } from '../sync-ui/remote';
import { kit } from '../../tests/setup/case-kit';
import { Pouch } from '../../tests/sync/couch-server';
import { couchForThisFile } from '../../tests/sync/couch-suite';
import { createCase, loadCase } from './case-repository';
import { keysFromMaster, randomBytes, toBase64 } from './crypto';
import { openDb } from './db';
import { receivePending, sendPending } from './sync-bridge';
import { EnrolError, acceptWelcome, addDevice, checkJoinRequest, joinRequestOf, openWelcome, prepareJoin, readTeamView, startTeam, teamIdOf } from './sync-enrol';
import { readSyncState } from './sync-state';

/**
 * Turning sync on and enrolling a device, as the Team settings do it, against a real CouchDB-protocol server
 * (express-pouchdb in memory): the server checks, the two mailboxes, the codes a person compares, then a case made
 * on the founder reaching the newcomer through PouchDB's replicator (decision 0018).
 */

const couch = couchForThisFile();
let n = 0;

async function vault(name: string) {
  const db = openDb(`enrol-${name}-${n++}`);
  await db.open();
  return { db, keys: await keysFromMaster(randomBytes(32)) };
}

const refused = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return (err as EnrolError | RemoteError).problem;
  }
  return 'accepted';
};

describe('checking the team server before sync is turned on', () => {
  it('tells a bad address, another origin, an unreachable server, a missing database and missing rules apart', async () => {
    await installRules(`${couch().url}/team-ok`, { members: [] });
    await fetch(`${couch().url}/no-rules`, { method: 'PUT' });
    expect(await refused(checkServer(remoteOf({ url: `${couch().url}/team-ok` })))).toBe('accepted');
    expect(() => remoteOf({ url: 'not an address' })).toThrow(RemoteError);
    expect(await refused(Promise.resolve().then(() => remoteOf({ url: 'ftp://example.org/team' })))).toBe('badAddress');
    expect(await refused(Promise.resolve().then(() => remoteOf({ url: `${couch().url}/team-ok` }, 'https://sanad.example.org')))).toBe('otherOrigin');
    expect(await refused(checkServer(remoteOf({ url: 'http://127.0.0.1:1/team' })))).toBe('unreachable');
    expect(await refused(checkServer(remoteOf({ url: `${couch().url}/no-such-team` })))).toBe('noDatabase');
    expect(await refused(checkServer(remoteOf({ url: `${couch().url}/no-rules` })))).toBe('noRules');
    expect(remoteOf({ url: `${couch().url}/team-ok`, user: 'device-a', password: 'pässword' })).toMatchObject({ db: `${couch().url}/team-ok`, auth: { username: 'device-a', password: 'pässword' } });
    // Published by a reverse proxy under the app's own origin: the path before the name is kept.
    expect(remoteOf({ url: 'https://sanad.example.org/couchdb/team-school/' }, 'https://sanad.example.org')).toMatchObject({ db: 'https://sanad.example.org/couchdb/team-school' });
    expect(() => remoteOf({ url: 'https://sanad.example.org/couchdb/Team School' })).toThrow(RemoteError);
    // An account in the address would be stored and shown with it: the account fields are for that.
    expect(await refused(Promise.resolve().then(() => remoteOf({ url: `${couch().url}/team-ok`.replace('http://', 'http://device-a:s3cret@') })))).toBe('badAddress');
  });
});

describe('what an enrolment refuses (adversarial review)', () => {
  it('a join request whose keys are not P-256 points, its code matching them: refused as malformed, nothing stored', async () => {
    const good = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const signingRaw = toBase64(new Uint8Array(await crypto.subtle.exportKey('raw', good.publicKey)));
    const junk = new Uint8Array(65).fill(7);
    junk[0] = 4;
    const agreementRaw = toBase64(junk);
    expect(await refused(checkJoinRequest({ v: 1, signingRaw, agreementRaw }, await fingerprintOf(signingRaw, agreementRaw)))).toBe('malformed');
  });

  it('a third device: refused with its own problem, until the team’s device list is shared (a device enrolled earlier would refuse its records unannounced)', async () => {
    const url = `${couch().url}/team-three`;
    const a = await vault('a');
    await startTeam(a.db, a.keys, { url });
    const b = await vault('b');
    const bPub = await prepareJoin(b.db, b.keys, { url });
    const c = await vault('c');
    const cPub = await prepareJoin(c.db, c.keys, { url });
    await addDevice(a.db, a.keys, bPub);
    expect(await refused(addDevice(a.db, a.keys, cPub))).toBe('teamFull');
    // The second device again is not a third one: the same welcome.
    expect(await refused(addDevice(a.db, a.keys, bPub))).toBe('accepted');
    expect((await readSyncState(a.db, a.keys))!.members.map((m) => m.fingerprint).sort()).toEqual([(await readSyncState(a.db, a.keys))!.device.public.fingerprint, bPub.fingerprint].sort());
  });
});

describe('enrolling a device through the server', () => {
  it('the founder adds the newcomer whose code it typed; the newcomer accepts the signed welcome; a case then reaches it', async () => {
    const url = `${couch().url}/team-enrol`;
    await installRules(url, { members: [] });
    const remote = remoteOf({ url });
    const a = await vault('a');
    const b = await vault('b');
    const aPub = await startTeam(a.db, a.keys, { url });
    const bPub = await prepareJoin(b.db, b.keys, { url });
    expect(await refused(startTeam(a.db, a.keys, { url }))).toBe('alreadySetUp');
    expect(await readTeamView(b.db, b.keys)).toMatchObject({ joining: true, hasTeamKey: false, members: [{ fingerprint: bPub.fingerprint, self: true }] });
    expect(await teamIdOf(b.db, b.keys)).toBeNull();

    // B publishes its request; A finds it by the code a person reads on B's screen.
    await writeLocalDoc(remote, joinDocId(bPub.fingerprint), joinRequestOf(bPub));
    const request = await readLocalDoc(remote, joinDocId(bPub.fingerprint));
    expect(await refused(checkJoinRequest(request, aPub.fingerprint))).toBe('codeMismatch');
    // The server swapped the keys: the code typed from B's screen does not match them.
    expect(await refused(checkJoinRequest({ ...request, signingRaw: aPub.signingRaw }, bPub.fingerprint))).toBe('codeMismatch');
    const typed = bPub.fingerprint.toLowerCase().replace(/-/g, ' ');
    const newcomer = await checkJoinRequest(request, typed);
    expect(newcomer).toEqual(bPub);
    const welcome = await addDevice(a.db, a.keys, newcomer);
    expect((await readTeamView(a.db, a.keys))?.members).toEqual([
      { fingerprint: aPub.fingerprint, self: true, keyFromHere: false, revoked: false },
      { fingerprint: bPub.fingerprint, self: false, keyFromHere: true, revoked: false },
    ]);
    await writeLocalDoc(remote, welcomeDocId(bPub.fingerprint), welcome);
    await removeLocalDoc(remote, joinDocId(bPub.fingerprint));
    expect(await readLocalDoc(remote, joinDocId(bPub.fingerprint))).toBeNull();

    // B checks the welcome: signed by the device whose code the person compares with A's screen.
    const stored = await readLocalDoc(remote, welcomeDocId(bPub.fingerprint));
    const { fromCode } = await openWelcome(stored, bPub);
    expect(fromCode).toBe(aPub.fingerprint);
    // A server that adds a device of its own to the list, or redirects the welcome, is refused.
    const intruder = (await readSyncState(b.db, b.keys))!.device.public;
    expect(await refused(openWelcome({ ...welcome, members: [...welcome.members, intruder] }, bPub))).toBe('badSignature');
    expect(await refused(openWelcome({ ...welcome, teamId: 'another-team' }, bPub))).toBe('badSignature');
    expect(await refused(openWelcome(welcome, aPub))).toBe('notForThisDevice');
    expect(await readTeamView(b.db, b.keys)).toMatchObject({ joining: true });
    await acceptWelcome(b.db, b.keys, stored);
    expect(await teamIdOf(b.db, b.keys)).toBe(await teamIdOf(a.db, a.keys));

    // A case made on A reaches B by replication: B opens its team key from A's `t:` document.
    const k = kit();
    await createCase(a.db, a.keys, 'c-enrol', k.toAssessment(), DEFAULT_CALENDAR);
    const aLocal = new Pouch(`enrol-local-a-${n}`, { adapter: 'memory' });
    const bLocal = new Pouch(`enrol-local-b-${n}`, { adapter: 'memory' });
    await sendPending(a.db, a.keys, aLocal);
    await aLocal.replicate.to(url);
    await bLocal.replicate.from(url);
    const received = await receivePending(b.db, b.keys, bLocal, DEFAULT_CALENDAR);
    expect(received.refused).toEqual([]);
    expect(received.cases).toMatchObject([{ caseId: 'c-enrol', created: true, status: 'ok' }]);
    const eventsOf = async (v: typeof a) => (await loadCase(v.db, v.keys, 'c-enrol')).events.map((e) => e.event);
    expect(await eventsOf(b)).toEqual(await eventsOf(a));
    expect(await readTeamView(b.db, b.keys)).toMatchObject({ joining: false, hasTeamKey: true });
  });
});
