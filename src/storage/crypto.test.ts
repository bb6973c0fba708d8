import { assert as fcAssert, boolean, property, uint8Array } from 'fast-check';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, pbkdf2Sync, randomBytes } from 'node:crypto';
import {
  CryptoFailure,
  aadFor,
  chainLink,
  formatRecoveryCode,
  fromBase64,
  keysFromMaster,
  newKdfParams,
  open,
  parseRecoveryCode,
  passphraseKey,
  randomBytes as sanadRandom,
  recoveryKey,
  seal,
  sealBytes,
  toBase64,
} from './crypto';

const subtle = globalThis.crypto.subtle;
const fromB64 = (b64: string) => Buffer.from(b64, 'base64');

/**
 * Sanad's seal, open, key derivation and hash chain checked against Node's own crypto module (OpenSSL through
 * node:crypto, a different API from the WebCrypto the app uses), with the construction written out here as
 * decision 0006 states it: HKDF-SHA-256 with a zero salt and the info strings below, AES-256-GCM with a 96-bit
 * IV and the tag appended, the AAD "sanad/<table>/<id>/v1".
 */
const hkdf = (ikm: Uint8Array, salt: Uint8Array, info: string) => Buffer.from(hkdfSync('sha256', ikm, salt, info, 32));
function nodeOpen(key: Buffer, aad: string, sealed: { iv: string; ct: string }): string {
  const all = fromB64(sealed.ct);
  const d = createDecipheriv('aes-256-gcm', key, fromB64(sealed.iv));
  d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(all.subarray(all.length - 16));
  return Buffer.concat([d.update(all.subarray(0, all.length - 16)), d.final()]).toString('utf8');
}
function nodeSeal(key: Buffer, aad: string, text: string) {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([c.update(text, 'utf8'), c.final(), c.getAuthTag()]);
  return { v: 1, iv: Buffer.from(iv).toString('base64'), ct: ct.toString('base64') };
}

describe('the construction, against an independent implementation', () => {
  it('a sealed event opens with Node’s AES-256-GCM under HKDF(master, "sanad/data/v1"), AAD naming table, id and version', async () => {
    const master = randomBytes(32);
    const keys = await keysFromMaster(Uint8Array.from(master));
    const sealed = await seal(keys.data, aadFor('events', 'e1'), { narrative: 'سري', n: 1 });
    const dataKey = hkdf(master, new Uint8Array(32), 'sanad/data/v1');
    expect(fromB64(sealed.iv)).toHaveLength(12);
    expect(JSON.parse(nodeOpen(dataKey, 'sanad/events/e1/v1', sealed))).toEqual({ narrative: 'سري', n: 1 });
    expect(() => nodeOpen(dataKey, 'sanad/events/e2/v1', sealed)).toThrow(/unable to authenticate|Unsupported state/);
    // And the other way: what Node seals under that key and AAD, Sanad opens.
    expect(await open(keys.data, aadFor('snapshots', 'c1/4'), nodeSeal(dataKey, 'sanad/snapshots/c1/4/v1', '{"ok":true}'))).toEqual({ ok: true });
  });

  it('each link of the hash chain is HMAC-SHA-256 under HKDF(master, "sanad/chain/v1") of the previous link and the row', async () => {
    const master = randomBytes(32);
    const keys = await keysFromMaster(Uint8Array.from(master));
    const row = { caseId: 'c1', seq: 3, id: 'e4', at: '2026-11-02T09:00:00Z', sealed: { v: 1, iv: 'AAAAAAAAAAAAAAAA', ct: 'Y2lwaGVy' } };
    const expected = createHmac('sha256', hkdf(master, new Uint8Array(32), 'sanad/chain/v1'))
      .update(['previous-link', 'c1', '3', 'e4', '2026-11-02T09:00:00Z', 'AAAAAAAAAAAAAAAA', 'Y2lwaGVy'].join('\n'))
      .digest('base64');
    expect(await chainLink(keys.chain, 'previous-link', row)).toBe(expected);
  });

  it('the passphrase key is PBKDF2-SHA-256 over the NFC passphrase with the stored salt and cost', async () => {
    const kdf = newKdfParams(1000);
    // "é" typed as e + combining accent must give the same key as the precomposed letter.
    const key = await passphraseKey('une phrase secre\u0300te', kdf);
    const expected = pbkdf2Sync('une phrase secr\u00e8te', fromB64(kdf.salt), 1000, 32, 'sha256');
    const sealed = await sealBytes(key, 'sanad/vault/passphrase/v1', new TextEncoder().encode('master'));
    expect(nodeOpen(expected, 'sanad/vault/passphrase/v1', sealed)).toBe('master');
  });

  it('the recovery key is HKDF-SHA-256 over the 128 bits of the code, with its salt and "sanad/recovery/v1"', async () => {
    const secret = randomBytes(16);
    const salt = randomBytes(16);
    const sealed = await sealBytes(await recoveryKey(formatRecoveryCode(secret), Buffer.from(salt).toString('base64')), 'vault', new TextEncoder().encode('master'));
    expect(nodeOpen(hkdf(secret, salt, 'sanad/recovery/v1'), 'vault', sealed)).toBe('master');
  });

  it('recovery codes are Crockford base32: known answers', () => {
    expect(formatRecoveryCode(new Uint8Array(16))).toBe('0000-0000-0000-0000-0000-0000-00');
    // 128 one-bits: 25 full groups of five, then three ones padded with two zeros (11100 = 28 = "W").
    expect(formatRecoveryCode(new Uint8Array(16).fill(255))).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZW');
    // 0x08 = 00001000 → 00001 (1) 000.. : the first two characters are "1" and "0".
    expect(formatRecoveryCode(Uint8Array.from({ length: 16 }, (_, i) => (i === 0 ? 8 : 0)))).toBe('1000-0000-0000-0000-0000-0000-00');
  });
});

describe('sealed values', () => {
  it('round-trip, with a fresh IV every time', async () => {
    const keys = await keysFromMaster(sanadRandom(32));
    const a = await seal(keys.data, aadFor('events', 'e1'), { narrative: 'سري' });
    const b = await seal(keys.data, aadFor('events', 'e1'), { narrative: 'سري' });
    expect(a.iv).not.toBe(b.iv);
    expect(fromBase64(a.iv)).toHaveLength(12);
    expect(await open(keys.data, aadFor('events', 'e1'), a)).toEqual({ narrative: 'سري' });
  });

  it('a ciphertext moved to another record, table or key does not decrypt', async () => {
    const keys = await keysFromMaster(sanadRandom(32));
    const other = await keysFromMaster(sanadRandom(32));
    const sealed = await seal(keys.data, aadFor('events', 'e1'), { text: 'x' });
    await expect(open(keys.data, aadFor('events', 'e2'), sealed)).rejects.toBeInstanceOf(CryptoFailure);
    await expect(open(keys.data, aadFor('snapshots', 'e1'), sealed)).rejects.toBeInstanceOf(CryptoFailure);
    await expect(open(other.data, aadFor('events', 'e1'), sealed)).rejects.toBeInstanceOf(CryptoFailure);
    const flipped = fromBase64(sealed.ct);
    flipped[0] = flipped[0]! ^ 1;
    await expect(open(keys.data, aadFor('events', 'e1'), { ...sealed, ct: toBase64(flipped) })).rejects.toBeInstanceOf(CryptoFailure);
  });

  it('the working keys cannot be exported', async () => {
    const keys = await keysFromMaster(sanadRandom(32));
    expect(keys.data.extractable).toBe(false);
    expect(keys.chain.extractable).toBe(false);
    await expect(subtle.exportKey('raw', keys.data)).rejects.toThrow(/extractable/i);
  });
});

describe('recovery codes', () => {
  it('format and parse back any 128 bits, however they are typed', () => {
    fcAssert(
      property(uint8Array({ minLength: 16, maxLength: 16 }), boolean(), (bytes, messy) => {
        const code = formatRecoveryCode(bytes);
        expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{2}$/);
        const typed = messy ? code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l') : code;
        expect([...parseRecoveryCode(typed)]).toEqual([...bytes]);
      }),
    );
  });

  it('refuses what is not a code', () => {
    for (const bad of ['', 'ABCD', 'U'.repeat(26), `${'0'.repeat(25)}!`]) expect(() => parseRecoveryCode(bad)).toThrow(CryptoFailure);
  });

  it('the recovery key opens what it sealed, and another code does not', async () => {
    const salt = toBase64(sanadRandom(16));
    const code = formatRecoveryCode(sanadRandom(16));
    const sealed = await seal(await recoveryKey(code, salt), 'vault', 'master');
    expect(await open(await recoveryKey(code.toLowerCase(), salt), 'vault', sealed)).toBe('master');
    await expect(open(await recoveryKey(formatRecoveryCode(sanadRandom(16)), salt), 'vault', sealed)).rejects.toBeInstanceOf(CryptoFailure);
  });
});
