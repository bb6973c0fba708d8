import { liveQuery } from 'dexie';
import { fromBase64, toBase64 } from './crypto';
import type { VaultKeys } from './crypto';
import type { SanadDb } from './db';
import { readSetting, writeSetting } from './settings';
import { readSyncState, setUpSync, writeSyncState } from './sync-state';
import type { Member } from './sync-state';
import { fingerprintOf, sameCode } from '../sync/team-keys';
import type { DevicePublic } from '../sync/team-keys';

/**
 * Turning team sync on from the app, and enrolling a device (decision 0018, "The app").
 *
 * A device joins in two steps, each checked by a person comparing a short code on two screens:
 * 1. The newcomer publishes its two public keys (a *join request*, public by nature); a member types the code the
 *    newcomer shows. The code is the fingerprint of those keys, so a request the server swapped does not match it.
 *    The member's device then adds the newcomer to its list and wraps the team key to it (the next `sendPending`).
 * 2. The member's device answers with a *welcome*: the team id and its member list, signed by the member. The
 *    newcomer shows the signer's code; the person compares it with the member's screen. Only then does the newcomer
 *    take the team id and the list, which is what it checks every later document against: without this step the
 *    server could answer with a team of its own and read what the newcomer writes.
 * Both travel through the team's server (src/sync-ui/remote.ts); nothing here talks to it.
 */

export const SYNC_SERVER_KEY = 'sync:server';

/** Where the team's database is, and this device's account on it (sealed in the vault like every setting). */
export interface SyncServer {
  /** The team database's address, without credentials. */
  url: string;
  user?: string;
  password?: string;
}

export class EnrolError extends Error {
  constructor(
    readonly problem: 'notSetUp' | 'alreadySetUp' | 'malformed' | 'codeMismatch' | 'badSignature' | 'notForThisDevice' | 'otherTeam' | 'notJoining' | 'teamFull',
    detail = '',
  ) {
    super(`enrolment: ${problem}${detail ? ` (${detail})` : ''}`);
    this.name = 'EnrolError';
  }
}

/** The team id of a device that asked to join and has not accepted a welcome yet. */
const JOINING = '';

export async function readSyncServer(db: SanadDb, keys: VaultKeys): Promise<SyncServer | null> {
  return (await readSetting<SyncServer>(db, keys, SYNC_SERVER_KEY)) ?? null;
}

/** What the Team settings show: this device, the team as this device knows it. */
export interface TeamView {
  server: SyncServer;
  self: DevicePublic;
  /** This device asked to join and has not accepted a welcome yet. */
  joining: boolean;
  /** It holds a team key: it can seal and open the team's cases. */
  hasTeamKey: boolean;
  members: { fingerprint: string; self: boolean; keyFromHere: boolean; revoked: boolean }[];
}

export async function readTeamView(db: SanadDb, keys: VaultKeys): Promise<TeamView | null> {
  const [state, server] = await Promise.all([readSyncState(db, keys), readSyncServer(db, keys)]);
  if (!state || !server) return null;
  const self = state.device.public;
  return {
    server,
    self,
    joining: state.teamId === JOINING,
    hasTeamKey: state.teamKeys.length > 0,
    members: state.members.map((m) => ({ fingerprint: m.fingerprint, self: m.fingerprint === self.fingerprint, keyFromHere: !!m.keyFromHere, revoked: m.revokedFrom !== undefined })),
  };
}

/** The team's id, or null while this device is still joining (its documents cannot be sealed or opened yet). */
export async function teamIdOf(db: SanadDb, keys: VaultKeys): Promise<string | null> {
  const state = await readSyncState(db, keys);
  return state && state.teamId !== JOINING ? state.teamId : null;
}

async function refuseIfSetUp(db: SanadDb, keys: VaultKeys) {
  if (await readSyncState(db, keys)) throw new EnrolError('alreadySetUp');
}

/** The founder: a new team (a random id, team key version 1), this device its first member. */
export async function startTeam(db: SanadDb, keys: VaultKeys, server: SyncServer, teamId: string = crypto.randomUUID()): Promise<DevicePublic> {
  await refuseIfSetUp(db, keys);
  const pub = await setUpSync(db, keys, teamId, { founder: true });
  await writeSetting(db, keys, SYNC_SERVER_KEY, server);
  return pub;
}

/** A newcomer: its device identity, the team still unknown until a member's welcome is accepted. */
export async function prepareJoin(db: SanadDb, keys: VaultKeys, server: SyncServer): Promise<DevicePublic> {
  await refuseIfSetUp(db, keys);
  const pub = await setUpSync(db, keys, JOINING, { founder: false });
  await writeSetting(db, keys, SYNC_SERVER_KEY, server);
  return pub;
}

/** What a newcomer publishes for a member to find by its code. */
export interface JoinRequest {
  v: 1;
  signingRaw: string;
  agreementRaw: string;
}

export const joinRequestOf = (pub: DevicePublic): JoinRequest => ({ v: 1, signingRaw: pub.signingRaw, agreementRaw: pub.agreementRaw });

const B64 = /^[A-Za-z0-9+/]{20,200}={0,2}$/;

/**
 * A join request, accepted only if its keys have the fingerprint the person typed from the newcomer's screen: the
 * typed code is the comparison.
 */
export async function checkJoinRequest(raw: unknown, typedCode: string): Promise<DevicePublic> {
  const r = raw as Partial<JoinRequest> | null;
  if (!r || typeof r !== 'object' || r.v !== 1 || typeof r.signingRaw !== 'string' || typeof r.agreementRaw !== 'string' || !B64.test(r.signingRaw) || !B64.test(r.agreementRaw)) {
    throw new EnrolError('malformed', 'join request');
  }
  const fingerprint = await fingerprintOf(r.signingRaw, r.agreementRaw);
  if (!sameCode(fingerprint, typedCode)) throw new EnrolError('codeMismatch');
  // Keys that are not P-256 points would be stored, then make every later pass fail when the team key is
  // wrapped to them: a newcomer's bad keys must not stop this device's sync.
  try {
    await crypto.subtle.importKey('raw', fromBase64(r.signingRaw), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    await crypto.subtle.importKey('raw', fromBase64(r.agreementRaw), { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  } catch {
    throw new EnrolError('malformed', 'join request keys');
  }
  return { fingerprint, signingRaw: r.signingRaw, agreementRaw: r.agreementRaw };
}

/** A member's answer to a newcomer: the team and its members as the member knows them, signed by the member. */
export interface Welcome {
  v: 1;
  teamId: string;
  /** The newcomer it is for. */
  to: string;
  from: { signingRaw: string; agreementRaw: string };
  members: { fingerprint: string; signingRaw: string; agreementRaw: string; revokedFrom?: number }[];
  sig: string;
}

const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const enc = new TextEncoder();
const welcomeBytes = (w: Omit<Welcome, 'sig'>) =>
  enc.encode(JSON.stringify(['sanad/sync/welcome/v1', w.teamId, w.to, w.from.signingRaw, w.from.agreementRaw, w.members.map((m) => [m.fingerprint, m.signingRaw, m.agreementRaw, m.revokedFrom ?? null])]));

/**
 * On a member's device, once a person typed the newcomer's matching code: the newcomer joins this device's list and
 * this device wraps the team key to it (the next `sendPending` writes its `t:` document). Returns the welcome to
 * publish. Adding a device already listed changes nothing and answers the same welcome.
 */
export async function addDevice(db: SanadDb, keys: VaultKeys, newcomer: DevicePublic): Promise<Welcome> {
  const state = await readSyncState(db, keys);
  if (!state) throw new EnrolError('notSetUp');
  if (state.teamId === JOINING || state.teamKeys.length === 0) throw new EnrolError('notJoining', 'this device is not in the team yet');
  // Two devices for now: a device learns of the team's members only from its welcome, so a third device's
  // records would be refused, unannounced, by a device enrolled before it (an emergency among them). Larger
  // teams wait for the authenticated device list (docs/decisions/0018).
  const active = state.members.filter((m) => m.revokedFrom === undefined && m.fingerprint !== newcomer.fingerprint);
  if (active.length >= 2) throw new EnrolError('teamFull');
  if (!state.members.some((m) => m.fingerprint === newcomer.fingerprint)) {
    const member: Member = { fingerprint: newcomer.fingerprint, signingRaw: newcomer.signingRaw, agreementRaw: newcomer.agreementRaw, keyFromHere: true };
    state.members = [...state.members, member];
    await writeSyncState(db, keys, state);
  }
  const unsigned: Omit<Welcome, 'sig'> = {
    v: 1,
    teamId: state.teamId,
    to: newcomer.fingerprint,
    from: { signingRaw: state.device.public.signingRaw, agreementRaw: state.device.public.agreementRaw },
    members: state.members.map((m) => ({ fingerprint: m.fingerprint, signingRaw: m.signingRaw, agreementRaw: m.agreementRaw, ...(m.revokedFrom !== undefined ? { revokedFrom: m.revokedFrom } : {}) })),
  };
  const sig = toBase64(new Uint8Array(await crypto.subtle.sign(SIGN, state.device.signing.privateKey, welcomeBytes(unsigned))));
  return { ...unsigned, sig };
}

/**
 * On the newcomer: checks a welcome's shape and signature and that it is for this device; returns it with the code
 * of the member who signed it, for the person to compare with that member's screen before `acceptWelcome`.
 */
export async function openWelcome(raw: unknown, self: DevicePublic): Promise<{ welcome: Welcome; fromCode: string }> {
  const w = raw as Partial<Welcome> | null;
  const str = (x: unknown) => typeof x === 'string' && x.length > 0 && x.length < 300;
  if (
    !w ||
    typeof w !== 'object' ||
    w.v !== 1 ||
    !str(w.teamId) ||
    !str(w.to) ||
    !str(w.sig) ||
    !w.from ||
    !B64.test(String(w.from.signingRaw)) ||
    !B64.test(String(w.from.agreementRaw)) ||
    !Array.isArray(w.members) ||
    w.members.length > 50 ||
    !w.members.every((m) => m && str(m.fingerprint) && B64.test(String(m.signingRaw)) && B64.test(String(m.agreementRaw)) && (m.revokedFrom === undefined || Number.isInteger(m.revokedFrom)))
  ) {
    throw new EnrolError('malformed', 'welcome');
  }
  const welcome: Welcome = {
    v: 1,
    teamId: w.teamId!,
    to: w.to!,
    from: { signingRaw: w.from.signingRaw, agreementRaw: w.from.agreementRaw },
    members: w.members.map((m) => ({ fingerprint: m.fingerprint, signingRaw: m.signingRaw, agreementRaw: m.agreementRaw, ...(m.revokedFrom !== undefined ? { revokedFrom: m.revokedFrom } : {}) })),
    sig: w.sig!,
  };
  if (welcome.to !== self.fingerprint) throw new EnrolError('notForThisDevice');
  let ok = false;
  try {
    const key = await crypto.subtle.importKey('raw', fromBase64(welcome.from.signingRaw), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    ok = await crypto.subtle.verify(SIGN, key, fromBase64(welcome.sig), welcomeBytes(welcome));
  } catch {
    ok = false;
  }
  if (!ok) throw new EnrolError('badSignature');
  const fromCode = await fingerprintOf(welcome.from.signingRaw, welcome.from.agreementRaw);
  // Every listed member's code must be that of its keys: the list is what later documents are checked against.
  for (const m of welcome.members) if ((await fingerprintOf(m.signingRaw, m.agreementRaw)) !== m.fingerprint) throw new EnrolError('malformed', 'member fingerprint');
  if (!welcome.members.some((m) => m.fingerprint === fromCode)) throw new EnrolError('malformed', 'the signer is not in its own list');
  return { welcome, fromCode };
}

/**
 * On the newcomer, once a person compared the signer's code with the member's screen: this device takes the team id
 * and the member list. The team key follows by sync (the member's `t:` document), opened against this list.
 */
export async function acceptWelcome(db: SanadDb, keys: VaultKeys, raw: unknown): Promise<void> {
  const state = await readSyncState(db, keys);
  if (!state) throw new EnrolError('notSetUp');
  const { welcome } = await openWelcome(raw, state.device.public);
  if (state.teamId !== JOINING && state.teamId !== welcome.teamId) throw new EnrolError('otherTeam');
  const known = new Set(state.members.map((m) => m.fingerprint));
  const added: Member[] = welcome.members.filter((m) => !known.has(m.fingerprint)).map((m) => ({ ...m }));
  await writeSyncState(db, keys, { ...state, teamId: welcome.teamId, members: [...state.members, ...added] });
}

/**
 * Calls `onChange` whenever rows are added to the vault (a case recorded or received here, or in another tab), so
 * the sync runner sends soon after a record is saved rather than at its next timed pass. Returns the unsubscribe.
 */
export function watchVault(db: SanadDb, onChange: () => void): () => void {
  let first = true;
  const sub = liveQuery(() => db.events.count()).subscribe({
    next: () => {
      if (first) first = false;
      else onChange();
    },
    error: () => undefined,
  });
  return () => sub.unsubscribe();
}
