import { assert as fcAssert, boolean, property, uint8Array } from 'fast-check';
import { pbkdf2Sync } from 'node:crypto';
import {
  CryptoFailure,
  aadFor,
  formatRecoveryCode,
  fromBase64,
  keysFromMaster,
  newKdfParams,
  open,
  parseRecoveryCode,
  passphraseKey,
  randomBytes,
  recoveryKey,
  seal,
  toBase64,
} from './crypto';

const hex = (h: string) => new Uint8Array(h.match(/../g)!.map((x) => parseInt(x, 16)));
const toHex = (b: ArrayBuffer | Uint8Array) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('');
const subtle = globalThis.crypto.subtle;

describe('known-answer vectors', () => {
  it('AES-256-GCM: the GCM specification, test case 16 (with AAD)', async () => {
    const key = await subtle.importKey('raw', hex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308'), 'AES-GCM', false, ['encrypt', 'decrypt']);
    const pt = hex('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39');
    const params = { name: 'AES-GCM', iv: hex('cafebabefacedbaddecaf888'), additionalData: hex('feedfacedeadbeeffeedfacedeadbeefabaddad2') };
    const out = toHex(await subtle.encrypt(params, key, pt));
    expect(out).toBe(
      // ciphertext, then the 128-bit tag
      ['522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662', '76fc6ece0f4e1768cddf8853bb2d551b'].join(''),
    );
    expect(toHex(await subtle.decrypt(params, key, hex(out)))).toBe(toHex(pt));
  });

  it('PBKDF2-HMAC-SHA-256: RFC 7914 §11 ("passwd", "salt", 1 iteration, 64 bytes)', async () => {
    const base = await subtle.importKey('raw', new TextEncoder().encode('passwd'), 'PBKDF2', false, ['deriveBits']);
    const bits = await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new TextEncoder().encode('salt'), iterations: 1 }, base, 512);
    expect(toHex(bits)).toBe('55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783');
  });

  it('the passphrase key is PBKDF2-SHA-256 with the stored salt and iterations (checked against Node)', async () => {
    const kdf = { ...newKdfParams(1000) };
    const key = await passphraseKey('correct horse battery staple', kdf);
    const expected = pbkdf2Sync('correct horse battery staple', Buffer.from(fromBase64(kdf.salt)), 1000, 32, 'sha256');
    // Seal with a key imported from Node's bytes, open with the WebCrypto-derived one.
    const same = await subtle.importKey('raw', expected, 'AES-GCM', false, ['encrypt']);
    const iv = randomBytes(12);
    const ct = await subtle.encrypt({ name: 'AES-GCM', iv }, same, new TextEncoder().encode('ok'));
    const back = await subtle.decrypt({ name: 'AES-GCM', iv }, key, ct);
    expect(new TextDecoder().decode(back)).toBe('ok');
  });
});

describe('sealed values', () => {
  it('round-trip, with a fresh IV every time', async () => {
    const keys = await keysFromMaster(randomBytes(32));
    const a = await seal(keys.data, aadFor('events', 'e1'), { narrative: 'سري' });
    const b = await seal(keys.data, aadFor('events', 'e1'), { narrative: 'سري' });
    expect(a.iv).not.toBe(b.iv);
    expect(fromBase64(a.iv)).toHaveLength(12);
    expect(await open(keys.data, aadFor('events', 'e1'), a)).toEqual({ narrative: 'سري' });
  });

  it('a ciphertext moved to another record, table or key does not decrypt', async () => {
    const keys = await keysFromMaster(randomBytes(32));
    const other = await keysFromMaster(randomBytes(32));
    const sealed = await seal(keys.data, aadFor('events', 'e1'), { text: 'x' });
    await expect(open(keys.data, aadFor('events', 'e2'), sealed)).rejects.toBeInstanceOf(CryptoFailure);
    await expect(open(keys.data, aadFor('snapshots', 'e1'), sealed)).rejects.toBeInstanceOf(CryptoFailure);
    await expect(open(other.data, aadFor('events', 'e1'), sealed)).rejects.toBeInstanceOf(CryptoFailure);
    const flipped = fromBase64(sealed.ct);
    flipped[0] = flipped[0]! ^ 1;
    await expect(open(keys.data, aadFor('events', 'e1'), { ...sealed, ct: toBase64(flipped) })).rejects.toBeInstanceOf(CryptoFailure);
  });

  it('the working keys cannot be exported', async () => {
    const keys = await keysFromMaster(randomBytes(32));
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
    const salt = toBase64(randomBytes(16));
    const code = formatRecoveryCode(randomBytes(16));
    const sealed = await seal(await recoveryKey(code, salt), 'vault', 'master');
    expect(await open(await recoveryKey(code.toLowerCase(), salt), 'vault', sealed)).toBe('master');
    await expect(open(await recoveryKey(formatRecoveryCode(randomBytes(16)), salt), 'vault', sealed)).rejects.toBeInstanceOf(CryptoFailure);
  });
});
