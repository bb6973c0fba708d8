import { formatRecoveryCode, fromBase64, randomBytes, toBase64 } from '../storage/crypto';

/**
 * The keys of team sync (docs/decisions/0018-team-sync.md), on WebCrypto only:
 * - a device has a signing pair (ECDSA P-256) and an agreement pair (ECDH P-256); its fingerprint covers both
 *   public halves, so comparing one short code on two screens authenticates both;
 * - the team secret (version n) derives an AES-GCM key that wraps per-case keys and an HMAC key for case tags;
 *   it reaches each device wrapped with ephemeral-static ECDH → HKDF-SHA-256 → AES-256-GCM;
 * - a per-case key is random and wrapped under the team key.
 */

export const KEY_FORMAT = 1;

export class KeyError extends Error {
  constructor(
    readonly problem: 'malformed' | 'cannotUnwrap' | 'notForThisDevice',
    detail: string,
  ) {
    super(`team keys: ${problem}: ${detail}`);
    this.name = 'KeyError';
  }
}

const subtle = () => globalThis.crypto.subtle;
const enc = new TextEncoder();
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;
const AES = { name: 'AES-GCM', length: 256 } as const;
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** What the team knows of a device: its two public keys (raw, base64) and the fingerprint over both. */
export interface DevicePublic {
  signingRaw: string;
  agreementRaw: string;
  fingerprint: string;
}

export interface DeviceKeys {
  signing: CryptoKeyPair;
  agreement: CryptoKeyPair;
  public: DevicePublic;
}

/** One version of the team secret, with the keys derived from it (none of them extractable). */
export interface TeamKey {
  teamId: string;
  version: number;
  /** Wraps per-case keys. */
  wrap: CryptoKey;
  /** Makes case tags: HMAC(tag key, caseId). */
  tag: CryptoKey;
  /** The secret itself, kept only to wrap it to another device; the caller seals it like any setting. */
  secret: Uint8Array<ArrayBuffer>;
}

/** A team key wrapped to one device: the body of document `t:<version>:<fingerprint>` (less its signature). */
export interface WrappedTeamKey {
  v: number;
  kid: number;
  epk: string;
  iv: string;
  ct: string;
}

/** A per-case key wrapped under a team key: the body of document `k:<caseTag>` (less its signature). */
export interface WrappedCaseKey {
  v: number;
  kid: number;
  iv: string;
  ct: string;
}

/**
 * 80 bits of SHA-256 over both public keys, as four groups of four characters of the recovery-code alphabet:
 * short enough to read aloud, and used as the device's id in documents and AADs. Finding a key pair with the
 * same code as a given device costs about 2^80 tries.
 */
export async function fingerprintOf(signingRaw: string, agreementRaw: string): Promise<string> {
  const text = enc.encode(JSON.stringify(['sanad/device/v1', signingRaw, agreementRaw]));
  const digest = new Uint8Array(await subtle().digest('SHA-256', text));
  return formatRecoveryCode(digest.slice(0, 10));
}

/** The code as a person compares it: case, spaces and dashes do not matter. */
export const sameCode = (a: string, b: string) => a.toUpperCase().replace(/[\s-]/g, '') === b.toUpperCase().replace(/[\s-]/g, '');

/**
 * A device's key pairs. The private halves are extractable so that the vault can seal them as a setting (as it
 * does the transfer signing key); the caller drops the extractable copies once sealed.
 */
export async function generateDeviceKeys(): Promise<DeviceKeys> {
  const signing = await subtle().generateKey(ECDSA, true, ['sign', 'verify']);
  const agreement = await subtle().generateKey(ECDH, true, ['deriveBits']);
  const signingRaw = toBase64(new Uint8Array(await subtle().exportKey('raw', signing.publicKey)));
  const agreementRaw = toBase64(new Uint8Array(await subtle().exportKey('raw', agreement.publicKey)));
  return { signing, agreement, public: { signingRaw, agreementRaw, fingerprint: await fingerprintOf(signingRaw, agreementRaw) } };
}

async function teamKeyFrom(teamId: string, version: number, secret: Uint8Array<ArrayBuffer>): Promise<TeamKey> {
  const base = await subtle().importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  const salt = enc.encode(JSON.stringify(['sanad/team/v1', teamId, version]));
  const [wrap, tag] = await Promise.all([
    subtle().deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: enc.encode('sanad/team/wrap/v1') }, base, AES, false, ['encrypt', 'decrypt']),
    subtle().deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: enc.encode('sanad/team/tag/v1') }, base, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']),
  ]);
  return { teamId, version, wrap, tag, secret };
}

/** A new team: version 1, or the next version on rotation. */
export function generateTeamKey(teamId: string, version = 1): Promise<TeamKey> {
  if (!Number.isInteger(version) || version < 1) throw new KeyError('malformed', 'version');
  return teamKeyFrom(teamId, version, randomBytes(32));
}

const toBase64Url = (b: Uint8Array) => toBase64(b).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** The case's name on the server: HMAC of its id under the team version's tag key, base64url (43 characters). */
export async function caseTagOf(team: TeamKey, caseId: string): Promise<string> {
  return toBase64Url(new Uint8Array(await subtle().sign('HMAC', team.tag, enc.encode(caseId))));
}

const teamWrapAad = (teamId: string, fingerprint: string, version: number) => enc.encode(JSON.stringify(['sanad/team-wrap/v1', teamId, fingerprint, version]));

async function wrapKeyFor(sharedBits: ArrayBuffer, epk: string, teamId: string, fingerprint: string, version: number, usage: KeyUsage): Promise<CryptoKey> {
  const base = await subtle().importKey('raw', sharedBits, 'HKDF', false, ['deriveKey']);
  const info = enc.encode(JSON.stringify(['sanad/team-wrap-key/v1', teamId, fingerprint, version, epk]));
  return subtle().deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info }, base, AES, false, [usage]);
}

/** Wraps a team key version to one device, with a fresh ephemeral ECDH pair (the wrapper needs no key of its own). */
export async function wrapTeamKeyFor(team: TeamKey, device: DevicePublic): Promise<WrappedTeamKey> {
  const recipient = await subtle().importKey('raw', fromBase64(device.agreementRaw), ECDH, false, []);
  const eph = await subtle().generateKey(ECDH, true, ['deriveBits']);
  const epk = toBase64(new Uint8Array(await subtle().exportKey('raw', eph.publicKey)));
  const bits = await subtle().deriveBits({ name: 'ECDH', public: recipient }, eph.privateKey, 256);
  const key = await wrapKeyFor(bits, epk, team.teamId, device.fingerprint, team.version, 'encrypt');
  const iv = randomBytes(12);
  const ct = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: teamWrapAad(team.teamId, device.fingerprint, team.version) }, key, team.secret);
  return { v: KEY_FORMAT, kid: team.version, epk, iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
}

/** Opens a team key wrapped to this device; refuses one wrapped to another device, team or version. */
export async function unwrapTeamKey(wrapped: WrappedTeamKey, device: DeviceKeys, teamId: string): Promise<TeamKey> {
  const w = wrapped as Partial<WrappedTeamKey> | null;
  if (!w || w.v !== KEY_FORMAT || !Number.isInteger(w.kid) || (w.kid as number) < 1 || typeof w.epk !== 'string' || !B64.test(w.epk) || typeof w.iv !== 'string' || typeof w.ct !== 'string') {
    throw new KeyError('malformed', 'wrapped team key');
  }
  const version = w.kid as number;
  let secret: Uint8Array<ArrayBuffer>;
  try {
    const ephemeral = await subtle().importKey('raw', fromBase64(w.epk), ECDH, false, []);
    const bits = await subtle().deriveBits({ name: 'ECDH', public: ephemeral }, device.agreement.privateKey, 256);
    const key = await wrapKeyFor(bits, w.epk, teamId, device.public.fingerprint, version, 'decrypt');
    secret = new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: fromBase64(w.iv), additionalData: teamWrapAad(teamId, device.public.fingerprint, version) }, key, fromBase64(w.ct)));
  } catch {
    // A key wrapped to another device, team or version, or altered bytes: GCM cannot tell them apart.
    throw new KeyError('cannotUnwrap', `team key version ${version} does not open on this device`);
  }
  if (secret.length !== 32) throw new KeyError('malformed', 'team secret length');
  return teamKeyFrom(teamId, version, secret);
}

/**
 * Rotation on revocation: a new team key version wrapped only to the devices that remain. What the revoked
 * device already received cannot be recalled (docs/decisions/0018-team-sync.md); this protects what comes after.
 */
export async function rotateTeamKey(current: TeamKey, remaining: readonly DevicePublic[]): Promise<{ team: TeamKey; wraps: { fingerprint: string; wrapped: WrappedTeamKey }[] }> {
  const team = await generateTeamKey(current.teamId, current.version + 1);
  const wraps = await Promise.all(remaining.map(async (d) => ({ fingerprint: d.fingerprint, wrapped: await wrapTeamKeyFor(team, d) })));
  return { team, wraps };
}

/** A per-case key: random, extractable only so it can be wrapped; sealing and opening use the imported copy. */
export interface CaseKey {
  caseTag: string;
  kid: number;
  key: CryptoKey;
  raw: Uint8Array<ArrayBuffer>;
}

const caseWrapAad = (team: TeamKey, caseTag: string) => enc.encode(JSON.stringify(['sanad/case-key/v1', team.teamId, team.version, caseTag]));

const importCaseKey = (raw: Uint8Array<ArrayBuffer>) => subtle().importKey('raw', raw, AES, false, ['encrypt', 'decrypt']);

export async function generateCaseKey(team: TeamKey, caseId: string): Promise<CaseKey> {
  const raw = randomBytes(32);
  return { caseTag: await caseTagOf(team, caseId), kid: team.version, key: await importCaseKey(raw), raw };
}

export async function wrapCaseKey(team: TeamKey, caseKey: CaseKey): Promise<WrappedCaseKey> {
  if (caseKey.kid !== team.version) throw new KeyError('malformed', 'a case key is wrapped under the team key version it was made for');
  const iv = randomBytes(12);
  const ct = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: caseWrapAad(team, caseKey.caseTag) }, team.wrap, caseKey.raw);
  return { v: KEY_FORMAT, kid: team.version, iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
}

/** Opens document `k:<caseTag>`; the tag comes from the document's id, so a key moved to another case does not open. */
export async function unwrapCaseKey(team: TeamKey, caseTag: string, wrapped: WrappedCaseKey): Promise<CaseKey> {
  const w = wrapped as Partial<WrappedCaseKey> | null;
  if (!w || w.v !== KEY_FORMAT || typeof w.iv !== 'string' || typeof w.ct !== 'string') throw new KeyError('malformed', 'wrapped case key');
  if (w.kid !== team.version) throw new KeyError('cannotUnwrap', `case key wrapped under team key version ${String(w.kid)}, not ${team.version}`);
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: fromBase64(w.iv), additionalData: caseWrapAad(team, caseTag) }, team.wrap, fromBase64(w.ct)));
  } catch {
    throw new KeyError('cannotUnwrap', 'the case key does not open under this team key');
  }
  if (raw.length !== 32) throw new KeyError('malformed', 'case key length');
  return { caseTag, kid: team.version, key: await importCaseKey(raw), raw };
}

/** After a rotation, open cases get new keys under the new version (and so new tags): one per case id. */
export async function rekeyCases(team: TeamKey, caseIds: readonly string[]): Promise<{ caseId: string; caseKey: CaseKey; wrapped: WrappedCaseKey }[]> {
  return Promise.all(
    caseIds.map(async (caseId) => {
      const caseKey = await generateCaseKey(team, caseId);
      return { caseId, caseKey, wrapped: await wrapCaseKey(team, caseKey) };
    }),
  );
}

/** Document ids of the key documents (docs/decisions/0018-team-sync.md). */
export const teamKeyDocId = (version: number, fingerprint: string) => `t:${version}:${fingerprint}`;
export const caseKeyDocId = (caseTag: string) => `k:${caseTag}`;

/** A team key version from its secret, as the vault keeps it sealed (src/storage/sync-state.ts). */
export function teamKeyFromSecret(teamId: string, version: number, secret: Uint8Array<ArrayBuffer>): Promise<TeamKey> {
  if (!Number.isInteger(version) || version < 1 || secret.length !== 32) throw new KeyError('malformed', 'team key');
  return teamKeyFrom(teamId, version, secret);
}

/** A case key from its raw bytes, as the vault keeps it sealed (src/storage/sync-state.ts). */
export async function caseKeyFromRaw(caseTag: string, kid: number, raw: Uint8Array<ArrayBuffer>): Promise<CaseKey> {
  if (raw.length !== 32) throw new KeyError('malformed', 'case key length');
  return { caseTag, kid, key: await importCaseKey(raw), raw };
}
