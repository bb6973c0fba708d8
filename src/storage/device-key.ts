import { formatRecoveryCode, fromBase64, toBase64 } from './crypto';
import type { VaultKeys } from './crypto';
import type { SanadDb } from './db';
import { readSetting, writeSetting } from './settings';

/**
 * This vault's signing key pair (ECDSA P-256, WebCrypto), made with the vault, or the first time an older vault
 * needs it. The private half is kept sealed like every setting; the public half's fingerprint is what a colleague
 * compares, on both screens, before accepting a transferred case (docs/decisions/0014). A backup carries it: a
 * vault restored on another device signs as the same sender.
 */
const SIGNING_KEY = 'device:signing';
const ALG = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

interface StoredKey {
  privateJwk: JsonWebKey;
  publicRaw: string;
}

export interface DeviceIdentity {
  privateKey: CryptoKey;
  /** base64 of the raw (uncompressed) public key */
  publicRaw: string;
  fingerprint: string;
}

/** 80 bits of SHA-256 of the public key, in the recovery code's alphabet: four groups of four, read aloud. */
export async function fingerprintOf(publicRaw: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', fromBase64(publicRaw)));
  return formatRecoveryCode(digest.slice(0, 10));
}

async function identityOf(stored: StoredKey): Promise<DeviceIdentity> {
  const privateKey = await crypto.subtle.importKey('jwk', stored.privateJwk, ALG, false, ['sign']);
  return { privateKey, publicRaw: stored.publicRaw, fingerprint: await fingerprintOf(stored.publicRaw) };
}

export async function deviceIdentity(db: SanadDb, keys: VaultKeys): Promise<DeviceIdentity> {
  const stored = await readSetting<StoredKey>(db, keys, SIGNING_KEY);
  if (stored) return identityOf(stored);
  const pair = await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const made: StoredKey = {
    privateJwk: await crypto.subtle.exportKey('jwk', pair.privateKey),
    publicRaw: toBase64(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey))),
  };
  await writeSetting(db, keys, SIGNING_KEY, made);
  // Two tabs may have made one each at once: the one kept is the one every later signature uses.
  return identityOf((await readSetting<StoredKey>(db, keys, SIGNING_KEY)) ?? made);
}

export async function sign(identity: DeviceIdentity, text: string): Promise<string> {
  return toBase64(new Uint8Array(await crypto.subtle.sign(SIGN, identity.privateKey, new TextEncoder().encode(text))));
}

/** Whether `signature` over `text` was made by the holder of `publicRaw`; false for anything malformed. */
export async function verifySignature(publicRaw: string, text: string, signature: string): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey('raw', fromBase64(publicRaw), ALG, false, ['verify']);
    return await crypto.subtle.verify(SIGN, key, fromBase64(signature), new TextEncoder().encode(text));
  } catch {
    return false;
  }
}
