import { fromBase64, toBase64 } from './crypto';
import type { VaultKeys } from './crypto';
import type { SanadDb } from './db';
import { readSetting, writeSetting } from './settings';
import type { TeamMember } from '../sync/sync-doc';
import { caseKeyFromRaw, generateDeviceKeys, generateTeamKey, teamKeyFromSecret } from '../sync/team-keys';
import type { CaseKey, DeviceKeys, DevicePublic, TeamKey } from '../sync/team-keys';

/**
 * This device's team-sync identity and what it knows of its team, sealed in the vault as one setting (its revision
 * anchored in the ledger like every setting, decision 0014): an older copy written back reads as unset.
 *
 * Held: the device's two key pairs (private halves as PKCS#8, only ever inside the sealed setting), the team id,
 * the team key versions it holds, the case keys, the member list (from enrolments a person confirmed by comparing
 * codes, never from the server), and the cases a merge put in "needs review". Per-device counters are not stored:
 * a device's counter for an event is its rank among that device's rows of the case, which append-only rows fix
 * (src/storage/sync-order.ts); a stored counter could only drift from them.
 */
export const SYNC_STATE_KEY = 'sync:state';
const FORMAT = 1;

/** A member as this device records it: what decoding needs, and the agreement key to wrap team keys to it. */
export interface Member extends TeamMember, DevicePublic {
  /**
   * This device gives it the team key (writes its `t:` documents). Only the device where the enrolment was confirmed
   * does: two devices wrapping the same key to it would write two different documents under one id.
   */
  keyFromHere?: boolean;
}

/** One refusal a merge brought in, as kept until a team member resolves it with a new event. */
export interface ReviewNote {
  /** The event the protocol refuses in the merged log. */
  refusedEventId: string;
  refusedType: string;
  refusedAuthor: string;
  /** The nearest earlier event of another device: the one it most likely raced. */
  racedEventId: string | null;
  /** The protocol's rule that refused it (protocol/refusals.ts). */
  rule: string;
}

interface Stored {
  v: number;
  teamId: string;
  device: { signingPkcs8: string; agreementPkcs8: string; public: DevicePublic };
  members: Member[];
  teamKeys: { version: number; secret: string }[];
  caseKeys: { caseTag: string; kid: number; raw: string; caseId?: string; madeHere?: boolean }[];
  reviews: Record<string, ReviewNote[]>;
}

export interface SyncState {
  teamId: string;
  device: DeviceKeys;
  members: Member[];
  teamKeys: TeamKey[];
  /**
   * Case keys, with the case they open once known (a `k:` document names only a tag); `madeHere`: this device made
   * it, so it is the one that writes its `k:` document (again, if a pass was interrupted before writing it).
   */
  caseKeys: { caseKey: CaseKey; caseId?: string; madeHere?: boolean }[];
  reviews: Record<string, ReviewNote[]>;
  /** Kept to write back without re-exporting keys. */
  sealedDevice: Stored['device'];
}

const subtle = () => globalThis.crypto.subtle;
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;

async function exportDevice(keys: DeviceKeys): Promise<Stored['device']> {
  const [s, a] = await Promise.all([subtle().exportKey('pkcs8', keys.signing.privateKey), subtle().exportKey('pkcs8', keys.agreement.privateKey)]);
  return { signingPkcs8: toBase64(new Uint8Array(s)), agreementPkcs8: toBase64(new Uint8Array(a)), public: keys.public };
}

/** The private halves come back non-extractable: once sealed, they never leave WebCrypto again. */
async function importDevice(d: Stored['device']): Promise<DeviceKeys> {
  const [sPriv, sPub, aPriv, aPub] = await Promise.all([
    subtle().importKey('pkcs8', fromBase64(d.signingPkcs8), ECDSA, false, ['sign']),
    subtle().importKey('raw', fromBase64(d.public.signingRaw), ECDSA, true, ['verify']),
    subtle().importKey('pkcs8', fromBase64(d.agreementPkcs8), ECDH, false, ['deriveBits']),
    subtle().importKey('raw', fromBase64(d.public.agreementRaw), ECDH, true, []),
  ]);
  return { signing: { privateKey: sPriv, publicKey: sPub }, agreement: { privateKey: aPriv, publicKey: aPub }, public: d.public };
}

export async function readSyncState(db: SanadDb, keys: VaultKeys): Promise<SyncState | null> {
  const s = await readSetting<Stored>(db, keys, SYNC_STATE_KEY);
  if (!s || s.v !== FORMAT) return null;
  return {
    teamId: s.teamId,
    device: await importDevice(s.device),
    members: s.members,
    teamKeys: await Promise.all(s.teamKeys.map((t) => teamKeyFromSecret(s.teamId, t.version, fromBase64(t.secret)))),
    caseKeys: await Promise.all(
      s.caseKeys.map(async (c) => ({ caseKey: await caseKeyFromRaw(c.caseTag, c.kid, fromBase64(c.raw)), ...(c.caseId ? { caseId: c.caseId } : {}), ...(c.madeHere ? { madeHere: true } : {}) })),
    ),
    reviews: s.reviews,
    sealedDevice: s.device,
  };
}

export async function writeSyncState(db: SanadDb, keys: VaultKeys, state: SyncState): Promise<void> {
  const stored: Stored = {
    v: FORMAT,
    teamId: state.teamId,
    device: state.sealedDevice,
    members: state.members,
    teamKeys: state.teamKeys.map((t) => ({ version: t.version, secret: toBase64(t.secret) })),
    caseKeys: state.caseKeys.map((c) => ({ caseTag: c.caseKey.caseTag, kid: c.caseKey.kid, raw: toBase64(c.caseKey.raw), ...(c.caseId ? { caseId: c.caseId } : {}), ...(c.madeHere ? { madeHere: true } : {}) })),
    reviews: state.reviews,
  };
  await writeSetting(db, keys, SYNC_STATE_KEY, stored);
}

/**
 * Turns sync on for this device: a new device identity in team `teamId`, the device its own first member. The
 * device that starts the team (`founder`) also makes team key version 1; another device gets its key from the
 * team once a member enrolled it. Refused if this vault already has a sync identity (it would orphan its events).
 */
export async function setUpSync(db: SanadDb, keys: VaultKeys, teamId: string, opts: { founder: boolean }): Promise<DevicePublic> {
  if (await readSetting(db, keys, SYNC_STATE_KEY)) throw new Error('team sync is already set up on this device');
  const device = await generateDeviceKeys();
  const sealedDevice = await exportDevice(device);
  const self: Member = { ...device.public };
  const teamKeys = opts.founder ? [await generateTeamKey(teamId, 1)] : [];
  await writeSyncState(db, keys, { teamId, device, members: [self], teamKeys, caseKeys: [], reviews: {}, sealedDevice });
  return device.public;
}

/**
 * Adds a device to this device's member list, after a person compared its code on both screens; `giveTeamKey`: this
 * device is the one that wraps the team key to it (the next `sendPending` writes its `t:` documents).
 */
export async function enrolDevice(db: SanadDb, keys: VaultKeys, device: DevicePublic, opts: { giveTeamKey: boolean }): Promise<void> {
  const state = await readSyncState(db, keys);
  if (!state) throw new Error('team sync is not set up on this device');
  if (state.members.some((m) => m.fingerprint === device.fingerprint)) return;
  const member: Member = { fingerprint: device.fingerprint, signingRaw: device.signingRaw, agreementRaw: device.agreementRaw, ...(opts.giveTeamKey ? { keyFromHere: true } : {}) };
  await writeSyncState(db, keys, { ...state, members: [...state.members, member] });
}

/** The cases a merge put in "needs review", with what was refused and by which rule; empty when none. */
export async function casesNeedingReview(db: SanadDb, keys: VaultKeys): Promise<Record<string, ReviewNote[]>> {
  return (await readSyncState(db, keys))?.reviews ?? {};
}
