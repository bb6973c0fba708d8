import type { CaseEvent } from '../../machines/events';
import { parseEvent } from '../../machines/events';
import { fromBase64, randomBytes, toBase64 } from '../storage/crypto';
import { caseTagOf } from './team-keys';
import type { CaseKey, DeviceKeys, TeamKey } from './team-keys';

/**
 * One event as one immutable CouchDB document (docs/decisions/0018-team-sync.md):
 * id `e:<caseTag>:<eventId>`, body `{v, kid, iv, ct, sig}`. `ct` is AES-256-GCM under the per-case key over the
 * padded plaintext `{caseId, eventId, author, seq, event}`, AAD binding caseTag, eventId and the format version;
 * `sig` is the author device's ECDSA P-256 signature over the exact bytes of id, v, kid, iv and ct. The author is
 * named only inside `ct`: decoding opens first, then checks the signature with the author's key.
 */
export const DOC_FORMAT = 1;
/** Plaintext sizes are rounded up to one of these (bytes): lengths say little about what was typed. */
export const BUCKETS = [256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536] as const;
export const MAX_PLAINTEXT = BUCKETS[BUCKETS.length - 1]!;

const ID_PART = /^[A-Za-z0-9_-]{1,100}$/;
const TAG = /^[A-Za-z0-9_-]{43}$/;
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

export interface SyncDoc {
  _id: string;
  v: number;
  kid: number;
  iv: string;
  ct: string;
  sig: string;
}

/** What a document carries once opened. */
export interface SyncedEvent {
  caseId: string;
  eventId: string;
  /** The author device's fingerprint. */
  author: string;
  /** The author device's counter for this case: keeps its own events in the order it recorded them. */
  seq: number;
  event: CaseEvent;
}

/** A device of the team as decoding sees it; `revokedFrom` is the first team key version it may not sign under. */
export interface TeamMember {
  fingerprint: string;
  signingRaw: string;
  revokedFrom?: number;
}

export type SyncDocProblem =
  /** Not a sync document: shape, fields, id pattern, size. */
  | 'malformed'
  /** No key for this case tag and key version on this device. */
  | 'unknownCaseKey'
  /** GCM refused it: the ciphertext, or the id it is bound to, was changed (GCM cannot tell which). */
  | 'altered'
  /** It opened but names another event or case than its id (a swapped id under a key that was reused). */
  | 'idMismatch'
  /** The author's signature does not match these bytes. */
  | 'badSignature'
  /** The author is not in the team's device list. */
  | 'unknownDevice'
  /** The author was revoked before the key version this document is under. */
  | 'revokedDevice';

const MESSAGES: Record<SyncDocProblem, string> = {
  malformed: 'not a Sanad sync document',
  unknownCaseKey: 'no key on this device opens this case',
  altered: 'the document was changed on the way (its content or its id)',
  idMismatch: 'the document names another event or case than its id',
  badSignature: 'the author signature does not match the document',
  unknownDevice: 'the author device is not in the team',
  revokedDevice: 'the author device was revoked before this document was written',
};

export class SyncDocError extends Error {
  constructor(
    readonly problem: SyncDocProblem,
    readonly docId: string,
    detail = '',
  ) {
    super(`sync document ${docId}: ${MESSAGES[problem]}${detail ? ` (${detail})` : ''}`);
    this.name = 'SyncDocError';
  }
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const subtle = () => globalThis.crypto.subtle;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

export const eventDocId = (caseTag: string, eventId: string) => `e:${caseTag}:${eventId}`;

export function parseEventDocId(id: unknown): { caseTag: string; eventId: string } | null {
  if (typeof id !== 'string') return null;
  const m = /^e:([^:]*):(.*)$/.exec(id);
  if (!m || !TAG.test(m[1]!) || !ID_PART.test(m[2]!)) return null;
  return { caseTag: m[1]!, eventId: m[2]! };
}

const eventAad = (caseTag: string, eventId: string, v: number) => enc.encode(JSON.stringify(['sanad/sync/e/v1', caseTag, eventId, v]));
const signedBytes = (d: Omit<SyncDoc, 'sig'>) => enc.encode(JSON.stringify(['sanad/sync/sig/v1', d._id, d.v, d.kid, d.iv, d.ct]));

/** Length prefix (4 bytes, big-endian), the bytes, zeros up to the bucket. */
export function pad(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const bucket = BUCKETS.find((b) => b >= bytes.length + 4);
  if (bucket === undefined) throw new RangeError(`an event of ${bytes.length} bytes is over the ${MAX_PLAINTEXT}-byte limit`);
  const out = new Uint8Array(bucket);
  new DataView(out.buffer).setUint32(0, bytes.length);
  out.set(bytes, 4);
  return out;
}

export function unpad(padded: Uint8Array): Uint8Array | null {
  if (padded.length < 4 || !(BUCKETS as readonly number[]).includes(padded.length)) return null;
  const n = new DataView(padded.buffer, padded.byteOffset, padded.byteLength).getUint32(0);
  if (n > padded.length - 4 || padded.subarray(4 + n).some((b) => b !== 0)) return null;
  return padded.subarray(4, 4 + n);
}

/** Seals and signs one event for the server. */
export async function encodeEvent(caseKey: CaseKey, author: DeviceKeys, synced: SyncedEvent): Promise<SyncDoc> {
  if (!ID_PART.test(synced.eventId)) throw new RangeError('event ids are 1–100 letters, digits, _ or -');
  if (!Number.isInteger(synced.seq) || synced.seq < 0) throw new RangeError('seq');
  if (synced.author !== author.public.fingerprint) throw new RangeError('a device signs only the events it authored');
  const _id = eventDocId(caseKey.caseTag, synced.eventId);
  const body = pad(enc.encode(JSON.stringify({ caseId: synced.caseId, eventId: synced.eventId, author: synced.author, seq: synced.seq, event: synced.event })));
  const iv = randomBytes(12);
  const ct = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: eventAad(caseKey.caseTag, synced.eventId, DOC_FORMAT) }, caseKey.key, body));
  const unsigned = { _id, v: DOC_FORMAT, kid: caseKey.kid, iv: toBase64(iv), ct: toBase64(ct) };
  const sig = toBase64(new Uint8Array(await subtle().sign(SIGN, author.signing.privateKey, signedBytes(unsigned))));
  return { ...unsigned, sig };
}

/** Checks a document's shape and keeps only its fields (what CouchDB adds, `_rev` and the like, is dropped). */
export function parseSyncDoc(raw: unknown): SyncDoc {
  const r = raw as Record<string, unknown> | null;
  const id = typeof r?._id === 'string' ? r._id : '?';
  const fail = (detail: string): never => {
    throw new SyncDocError('malformed', id, detail);
  };
  if (typeof raw !== 'object' || raw === null) return fail('not an object');
  for (const k of Object.keys(r!)) if (!['_id', '_rev', '_revisions', 'v', 'kid', 'iv', 'ct', 'sig'].includes(k)) fail(`field ${k}`);
  if (!parseEventDocId(r!._id)) fail('id');
  if (r!.v !== DOC_FORMAT) fail('version');
  if (!Number.isInteger(r!.kid) || (r!.kid as number) < 1) fail('kid');
  const b64 = (x: unknown, min: number, max: number) => typeof x === 'string' && x.length >= min && x.length <= max && B64.test(x);
  if (!b64(r!.iv, 16, 16)) fail('iv');
  if (!b64(r!.ct, 4, Math.ceil((MAX_PLAINTEXT + 16) / 3) * 4)) fail('ct');
  if (!b64(r!.sig, 4, 200)) fail('sig');
  return { _id: id, v: DOC_FORMAT, kid: r!.kid as number, iv: r!.iv as string, ct: r!.ct as string, sig: r!.sig as string };
}

export interface DecodeContext {
  /** The team key of a version, if this device holds it (it made the case tags of that version). */
  teamKey: (kid: number) => TeamKey | undefined;
  /** The case key for a tag and a key version, if this device holds it. */
  caseKey: (caseTag: string, kid: number) => CaseKey | undefined;
  members: readonly TeamMember[];
}

/**
 * Opens and checks a document received from the server; throws a `SyncDocError` naming what is wrong. The team key
 * of the document's version made its case tag: the opened case id must give the same tag.
 */
export async function decodeEvent(raw: unknown, ctx: DecodeContext): Promise<SyncedEvent> {
  const doc = parseSyncDoc(raw);
  const { caseTag, eventId } = parseEventDocId(doc._id)!;
  const caseKey = ctx.caseKey(caseTag, doc.kid);
  const team = ctx.teamKey(doc.kid);
  if (!caseKey || !team || caseKey.kid !== doc.kid || caseKey.caseTag !== caseTag) throw new SyncDocError('unknownCaseKey', doc._id, `key version ${doc.kid}`);
  let padded: Uint8Array;
  try {
    padded = new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: fromBase64(doc.iv), additionalData: eventAad(caseTag, eventId, doc.v) }, caseKey.key, fromBase64(doc.ct)));
  } catch {
    throw new SyncDocError('altered', doc._id);
  }
  const body = unpad(padded);
  let opened: Partial<SyncedEvent> & { event?: unknown };
  try {
    opened = JSON.parse(dec.decode(body ?? new Uint8Array())) as typeof opened;
  } catch {
    throw new SyncDocError('malformed', doc._id, 'content');
  }
  if (typeof opened !== 'object' || opened === null || typeof opened.caseId !== 'string' || typeof opened.author !== 'string' || !Number.isInteger(opened.seq) || (opened.seq as number) < 0) {
    throw new SyncDocError('malformed', doc._id, 'content');
  }
  // Defence in depth beside the AAD: the sealed event and case must be the ones the id names.
  if (opened.eventId !== eventId) throw new SyncDocError('idMismatch', doc._id, 'event id');
  if ((await caseTagOf(team, opened.caseId)) !== caseTag) throw new SyncDocError('idMismatch', doc._id, 'case');
  const member = ctx.members.find((m) => m.fingerprint === opened.author);
  if (!member) throw new SyncDocError('unknownDevice', doc._id, opened.author);
  let valid = false;
  try {
    const key = await subtle().importKey('raw', fromBase64(member.signingRaw), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    valid = await subtle().verify(SIGN, key, fromBase64(doc.sig), signedBytes(doc));
  } catch {
    valid = false;
  }
  if (!valid) throw new SyncDocError('badSignature', doc._id);
  if (member.revokedFrom !== undefined && doc.kid >= member.revokedFrom) throw new SyncDocError('revokedDevice', doc._id, `${member.fingerprint} from key version ${member.revokedFrom}`);
  const parsed = parseEvent(opened.event);
  if (!parsed.ok) throw new SyncDocError('malformed', doc._id, 'event');
  return { caseId: opened.caseId, eventId, author: opened.author, seq: opened.seq as number, event: parsed.event };
}
