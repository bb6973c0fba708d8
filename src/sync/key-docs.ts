import { fromBase64, toBase64 } from '../storage/crypto';
import type { TeamMember } from './sync-doc';
import { caseKeyDocId, KEY_FORMAT, KeyError, teamKeyDocId, unwrapCaseKey, unwrapTeamKey, wrapCaseKey, wrapTeamKeyFor } from './team-keys';
import type { CaseKey, DeviceKeys, DevicePublic, TeamKey, WrappedCaseKey, WrappedTeamKey } from './team-keys';

/**
 * The key documents as they go to the server, signed by the member device that wrote them
 * (docs/decisions/0018-team-sync.md).
 *
 * Why a signature on `t:` documents: wrapping a team key to a device takes only that device's public key (the
 * wrapper uses a fresh ephemeral pair), so without one the server operator could write `t:<n+1>:<device>`
 * holding a key of its own choosing; a device that moved to it would seal every later case under a key the
 * operator knows. A `k:` document is already sealed under the team key, so only a holder of that version can
 * make one; its signature says which member did, and lets a revoked device's later ones be refused.
 *
 * The signer is not named in the document (the server is not told who wrote what): a reader tries the keys of
 * the members it knows, a handful at most. Who the members are is this device's list, built from enrolments a
 * person confirmed by comparing codes, never from the server. The signed bytes name the team, so a document
 * copied from another team's database (a device may belong to two) is refused before anything is decrypted.
 *
 * A `t:` document must come from a member never revoked: a revoked device has no reason to give anyone a key,
 * and could otherwise hand a device enrolled after it left a key of its own choosing labelled as an old
 * version (with the real next version withheld by the server, that would be the device's only key).
 */

export interface TeamKeyDoc extends WrappedTeamKey {
  _id: string;
  sig: string;
}

export interface CaseKeyDoc extends WrappedCaseKey {
  _id: string;
  sig: string;
}

export class KeyDocError extends Error {
  constructor(
    readonly problem: 'malformed' | 'notForThisDevice' | 'badSignature' | 'revokedSigner' | 'unknownTeamKey' | 'cannotUnwrap',
    readonly docId: string,
    detail = '',
  ) {
    super(`key document ${docId}: ${problem}${detail ? ` (${detail})` : ''}`);
    this.name = 'KeyDocError';
  }
}

const enc = new TextEncoder();
const subtle = () => globalThis.crypto.subtle;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** A P-256 ECDSA signature from WebCrypto is 64 bytes: 88 base64 characters. */
const SIG_CHARS = 88;

// Each kind of document has its own domain string, so a signature made for one kind never verifies as another.
const teamSigned = (teamId: string, d: Omit<TeamKeyDoc, 'sig'>) => enc.encode(JSON.stringify(['sanad/sync/sig/t/v1', teamId, d._id, d.v, d.kid, d.epk, d.iv, d.ct]));
const caseSigned = (teamId: string, d: Omit<CaseKeyDoc, 'sig'>) => enc.encode(JSON.stringify(['sanad/sync/sig/k/v1', teamId, d._id, d.v, d.kid, d.iv, d.ct]));

async function sign(signer: DeviceKeys, bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return toBase64(new Uint8Array(await subtle().sign(SIGN, signer.signing.privateKey, bytes)));
}

async function verifies(member: TeamMember, sig: string, bytes: Uint8Array<ArrayBuffer>): Promise<boolean> {
  try {
    const key = await subtle().importKey('raw', fromBase64(member.signingRaw), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    return await subtle().verify(SIGN, key, fromBase64(sig), bytes);
  } catch {
    return false;
  }
}

/**
 * Refuses the document unless a member signed it who is not revoked at key version `kid` (`anyRevocation`: who
 * was never revoked at all).
 */
async function checkSigner(docId: string, kid: number, sig: string, bytes: Uint8Array<ArrayBuffer>, members: readonly TeamMember[], anyRevocation = false): Promise<void> {
  let revokedSigner: TeamMember | undefined;
  for (const m of members) {
    if (!(await verifies(m, sig, bytes))) continue;
    if (m.revokedFrom === undefined || (!anyRevocation && kid < m.revokedFrom)) return;
    revokedSigner = m;
  }
  if (revokedSigner) throw new KeyDocError('revokedSigner', docId, `${revokedSigner.fingerprint} from key version ${revokedSigner.revokedFrom}`);
  throw new KeyDocError('badSignature', docId, 'no member of the team signed it');
}

function fields(raw: unknown, allowed: readonly string[]): Record<string, unknown> {
  const r = raw as Record<string, unknown> | null;
  const id = typeof r?._id === 'string' ? r._id : '?';
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new KeyDocError('malformed', id, 'not an object');
  if (typeof r!._id !== 'string') throw new KeyDocError('malformed', id, 'id');
  for (const k of Object.keys(r!)) if (![...allowed, '_id', '_rev', '_revisions'].includes(k)) throw new KeyDocError('malformed', id, `field ${k}`);
  if (r!.v !== KEY_FORMAT) throw new KeyDocError('malformed', id, 'version');
  if (!Number.isInteger(r!.kid) || (r!.kid as number) < 1) throw new KeyDocError('malformed', id, 'kid');
  for (const k of allowed.filter((a) => a !== 'v' && a !== 'kid')) {
    const x = r![k];
    if (typeof x !== 'string' || x.length < 4 || !B64.test(x)) throw new KeyDocError('malformed', id, k);
  }
  // One encoding per signature, so that the server cannot make look-alike copies of a document.
  const sig = r!.sig as string;
  if (sig.length !== SIG_CHARS || toBase64(fromBase64(sig)) !== sig) throw new KeyDocError('malformed', id, 'sig');
  return r!;
}

/** Wraps team key `team` to `recipient` and signs the document as `signer`, a member of the team. */
export async function encodeTeamKeyDoc(team: TeamKey, recipient: DevicePublic, signer: DeviceKeys): Promise<TeamKeyDoc> {
  const unsigned = { _id: teamKeyDocId(team.version, recipient.fingerprint), ...(await wrapTeamKeyFor(team, recipient)) };
  return { ...unsigned, sig: await sign(signer, teamSigned(team.teamId, unsigned)) };
}

/** A document that passed its signature check yet does not open: refused like any other, never thrown as is. */
async function unwrapped<T>(docId: string, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (err) {
    if (err instanceof KeyError) throw new KeyDocError('cannotUnwrap', docId, err.message);
    throw err;
  }
}

/**
 * Opens a `t:` document addressed to this device: its id must name this device and the version it holds, a
 * member never revoked must have signed it, and it must open with this device's key.
 */
export async function decodeTeamKeyDoc(raw: unknown, device: DeviceKeys, teamId: string, members: readonly TeamMember[]): Promise<TeamKey> {
  const r = fields(raw, ['v', 'kid', 'epk', 'iv', 'ct', 'sig']);
  const doc = { _id: r._id as string, v: KEY_FORMAT, kid: r.kid as number, epk: r.epk as string, iv: r.iv as string, ct: r.ct as string, sig: r.sig as string };
  if (doc._id !== teamKeyDocId(doc.kid, device.public.fingerprint)) throw new KeyDocError('notForThisDevice', doc._id);
  await checkSigner(doc._id, doc.kid, doc.sig, teamSigned(teamId, doc), members, true);
  return unwrapped(doc._id, () => unwrapTeamKey({ v: doc.v, kid: doc.kid, epk: doc.epk, iv: doc.iv, ct: doc.ct }, device, teamId));
}

/** Wraps a case key under the team key of its version and signs the document as `signer`. */
export async function encodeCaseKeyDoc(team: TeamKey, caseKey: CaseKey, signer: DeviceKeys): Promise<CaseKeyDoc> {
  const unsigned = { _id: caseKeyDocId(caseKey.caseTag), ...(await wrapCaseKey(team, caseKey)) };
  return { ...unsigned, sig: await sign(signer, caseSigned(team.teamId, unsigned)) };
}

/**
 * Opens a `k:` document of team `teamId`: signed by a member not revoked at its version (a case key made before a
 * revocation stays good), and sealed under that version's team key.
 */
export async function decodeCaseKeyDoc(raw: unknown, teamId: string, teamKey: (kid: number) => TeamKey | undefined, members: readonly TeamMember[]): Promise<CaseKey> {
  const r = fields(raw, ['v', 'kid', 'iv', 'ct', 'sig']);
  const doc = { _id: r._id as string, v: KEY_FORMAT, kid: r.kid as number, iv: r.iv as string, ct: r.ct as string, sig: r.sig as string };
  const m = /^k:([A-Za-z0-9_-]{43})$/.exec(doc._id);
  if (!m) throw new KeyDocError('malformed', doc._id, 'id');
  await checkSigner(doc._id, doc.kid, doc.sig, caseSigned(teamId, doc), members);
  const team = teamKey(doc.kid);
  if (!team || team.teamId !== teamId) throw new KeyDocError('unknownTeamKey', doc._id, `no team key version ${doc.kid} on this device`);
  return unwrapped(doc._id, () => unwrapCaseKey(team, m[1]!, { v: doc.v, kid: doc.kid, iv: doc.iv, ct: doc.ct }));
}
