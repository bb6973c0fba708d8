/**
 * The vault's cryptography, on WebCrypto only (the same code runs in the browser and in Node for tests).
 * Parameters and their reasons: docs/decisions/0006-vault-crypto.md.
 *
 * - A random 256-bit master secret is the root. It is sealed (AES-256-GCM) under a key derived from the
 *   passphrase (PBKDF2-SHA-256) and, separately, under a key derived from the recovery code (HKDF-SHA-256:
 *   the code is itself 128 random bits).
 * - From the master, HKDF derives two non-extractable keys: AES-256-GCM for the data, HMAC-SHA-256 for the
 *   hash chain. The master bytes live only for the few lines that import them.
 * - Every sealed value has a fresh 96-bit IV, and AAD naming what it is (table, id, version; for an event
 *   also its case and place in the log; for a setting its revision), so a ciphertext moved to another record
 *   does not decrypt.
 */

export const VAULT_FORMAT = 1;
export const SEAL_VERSION = 1;
export const PBKDF2_ITERATIONS = 600_000;

export interface KdfParams {
  name: 'PBKDF2';
  hash: 'SHA-256';
  iterations: number;
  /** base64, 128 bits */
  salt: string;
}

/** A sealed value: version, IV and ciphertext (with its GCM tag), base64. */
export interface Sealed {
  v: number;
  iv: string;
  ct: string;
}

export interface VaultKeys {
  data: CryptoKey;
  chain: CryptoKey;
  /**
   * While a revocation reseals the cases (docs/decisions/0014), the keys of the master it replaces: cases not
   * resealed yet open with them. Gone once every case is resealed.
   */
  previous?: VaultKeys;
}

export class CryptoFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CryptoFailure';
  }
}

const subtle = () => globalThis.crypto.subtle;
const enc = new TextEncoder();
const dec = new TextDecoder();

export const randomBytes = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));

export function toBase64(bytes: Uint8Array): string {
  // By chunks: a string grown one character at a time costs seconds on a large payload (a backup, the ledger).
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 0x8000) parts.push(String.fromCharCode(...bytes.subarray(i, i + 0x8000)));
  return btoa(parts.join(''));
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new CryptoFailure('not base64');
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export const newKdfParams = (iterations = PBKDF2_ITERATIONS): KdfParams => ({ name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(randomBytes(16)) });

/** The key that seals the master secret, from the passphrase. */
export async function passphraseKey(passphrase: string, kdf: KdfParams): Promise<CryptoKey> {
  const base = await subtle().importKey('raw', enc.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'PBKDF2', hash: 'SHA-256', iterations: kdf.iterations, salt: fromBase64(kdf.salt) }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/**
 * A sealing key from a code in the recovery-code format (128 random bits, so HKDF is enough); `info` keeps the
 * keys of different uses apart.
 */
export async function codeKey(code: string, salt: string, info: string): Promise<CryptoKey> {
  const base = await subtle().importKey('raw', parseRecoveryCode(code), 'HKDF', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: fromBase64(salt), info: enc.encode(info) }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** The key that seals the master secret, from the recovery code. */
export const recoveryKey = (code: string, salt: string) => codeKey(code, salt, 'sanad/recovery/v1');

/** Derives the working keys from the master secret; none of them can be exported. */
export async function keysFromMaster(master: Uint8Array<ArrayBuffer>): Promise<VaultKeys> {
  const base = await subtle().importKey('raw', master, 'HKDF', false, ['deriveKey']);
  const salt = new Uint8Array(32);
  const [data, chain] = await Promise.all([
    subtle().deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: enc.encode('sanad/data/v1') }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    subtle().deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: enc.encode('sanad/chain/v1') }, base, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign', 'verify']),
  ]);
  return { data, chain };
}

export async function sealBytes(key: CryptoKey, aad: string, bytes: Uint8Array<ArrayBuffer>): Promise<Sealed> {
  const iv = randomBytes(12);
  const ct = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(aad) }, key, bytes);
  return { v: SEAL_VERSION, iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
}

export async function openBytes(key: CryptoKey, aad: string, sealed: Sealed): Promise<Uint8Array<ArrayBuffer>> {
  if (!sealed || sealed.v !== SEAL_VERSION) throw new CryptoFailure('unknown seal version');
  const iv = fromBase64(sealed.iv);
  if (iv.length !== 12) throw new CryptoFailure('bad IV');
  try {
    return new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(aad) }, key, fromBase64(sealed.ct)));
  } catch {
    // Wrong key, wrong AAD (moved to another record) or altered bytes: GCM cannot tell them apart.
    throw new CryptoFailure('cannot decrypt');
  }
}

export const seal = (key: CryptoKey, aad: string, value: unknown) => sealBytes(key, aad, enc.encode(JSON.stringify(value)));
export const open = async <T,>(key: CryptoKey, aad: string, sealed: Sealed): Promise<T> => JSON.parse(dec.decode(await openBytes(key, aad, sealed))) as T;

/** What a sealed value is: its table, its id and the format version, bound into the GCM tag. */
export const aadFor = (table: string, id: string) => `sanad/${table}/${id}/v${SEAL_VERSION}`;

/**
 * An event's AAD since the ledger (docs/decisions/0014): the table, the case, the place in the log and the
 * event id (and, for an event received by transfer, the sender's fingerprint), so a ciphertext moved to another
 * case or another position, or stripped of its origin, does not decrypt. A JSON array, not a joined string: an id
 * containing the separator cannot pose as another field. Rows sealed before
 * are opened with `aadFor('events', id)` only until the vault's upgrade reseals them.
 */
export const eventAad = (caseId: string, seq: number, id: string, from?: string) => JSON.stringify(['sanad/events/v2', caseId, seq, id, from ?? null]);

/** A setting's AAD since the ledger: the key and its revision, so an older value written back does not open. */
export const settingAad = (key: string, rev: number) => JSON.stringify(['sanad/settings/v2', key, rev]);

/** One link of a case's keyed hash chain: HMAC(previous link ‖ this row's identity and ciphertext). */
export async function chainLink(key: CryptoKey, previous: string, row: { caseId: string; seq: number; id: string; at: string; sealed: Sealed }): Promise<string> {
  const text = [previous, row.caseId, String(row.seq), row.id, row.at, row.sealed.iv, row.sealed.ct].join('\n');
  return toBase64(new Uint8Array(await subtle().sign('HMAC', key, enc.encode(text))));
}
export const CHAIN_START = 'sanad-chain/v1';

// Recovery codes: 128 bits in Crockford base32 (digits and letters without I, L, O, U): 26 characters
// (the last one carries 3 bits), shown in groups of four separated by dashes (six groups and one of two).
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newRecoveryCode(): string {
  return formatRecoveryCode(randomBytes(16));
}

export function formatRecoveryCode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out.match(/.{1,4}/g)!.join('-');
}

/** Accepts the code as typed: any case, spaces or dashes, and the usual look-alikes (O→0, I/L→1). */
export function parseRecoveryCode(code: string): Uint8Array<ArrayBuffer> {
  const clean = code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (clean.length !== 26 || [...clean].some((c) => !ALPHABET.includes(c))) throw new CryptoFailure('not a recovery code');
  const out = new Uint8Array(16);
  let bits = 0;
  let value = 0;
  let i = 0;
  for (const c of clean) {
    value = ((value << 5) | ALPHABET.indexOf(c)) & 0xffff;
    bits += 5;
    if (bits >= 8 && i < 16) {
      out[i++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out;
}
