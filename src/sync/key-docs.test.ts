import { describe, expect, it } from 'vitest';
import { decodeCaseKeyDoc, decodeTeamKeyDoc, encodeCaseKeyDoc, encodeTeamKeyDoc, KeyDocError } from './key-docs';
import type { TeamMember } from './sync-doc';
import { caseKeyDocId, caseTagOf, generateCaseKey, generateDeviceKeys, generateTeamKey, teamKeyDocId, wrapCaseKey, wrapTeamKeyFor } from './team-keys';
import type { DeviceKeys } from './team-keys';

const flip = (b64: string, at = 0) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  bytes[at]! ^= 1;
  return btoa(String.fromCharCode(...bytes));
};
const member = (d: DeviceKeys, revokedFrom?: number): TeamMember => ({ fingerprint: d.public.fingerprint, signingRaw: d.public.signingRaw, ...(revokedFrom ? { revokedFrom } : {}) });

async function team() {
  const [a, b, outsider] = await Promise.all([generateDeviceKeys(), generateDeviceKeys(), generateDeviceKeys()]);
  const v1 = await generateTeamKey('team-1');
  return { a, b, outsider, v1, members: [member(a), member(b)] };
}

describe('team key documents (t:), signed by a member', () => {
  it('a key A wrapped to B opens on B, with the same case tags as A’s', async () => {
    const { a, b, v1, members } = await team();
    const doc = await encodeTeamKeyDoc(v1, b.public, a);
    expect(doc._id).toBe(teamKeyDocId(1, b.public.fingerprint));
    const onB = await decodeTeamKeyDoc(JSON.parse(JSON.stringify(doc)), b, 'team-1', members);
    expect(onB.version).toBe(1);
    expect(await caseTagOf(onB, 'case-1')).toBe(await caseTagOf(v1, 'case-1'));
  });

  it('a key the server operator wrapped to B itself (no member signed it) is refused, whatever it signs with', async () => {
    const { b, outsider, members } = await team();
    // The operator needs only B's public key to wrap a key of its own choosing to B.
    const forged = await generateTeamKey('team-1', 2);
    const unsigned = { _id: teamKeyDocId(2, b.public.fingerprint), ...(await wrapTeamKeyFor(forged, b.public)) };
    await expect(decodeTeamKeyDoc({ ...unsigned, sig: 'AAAA' }, b, 'team-1', members)).rejects.toMatchObject({ problem: 'malformed' });
    await expect(decodeTeamKeyDoc(await encodeTeamKeyDoc(forged, b.public, outsider), b, 'team-1', members)).rejects.toMatchObject({ problem: 'badSignature' });
  });

  it('a revoked member’s team key is refused, even one labelled as a version from before its revocation', async () => {
    const { a, b, v1 } = await team();
    const v2 = await generateTeamKey('team-1', 2);
    const members = [member(a, 2), member(b)];
    await expect(decodeTeamKeyDoc(await encodeTeamKeyDoc(v2, b.public, a), b, 'team-1', members)).rejects.toMatchObject({ problem: 'revokedSigner' });
    // A key of its own choosing, called version 1, for a device enrolled after it left: with the real version 2
    // withheld by the server, it would be that device's only key.
    const ownV1 = await generateTeamKey('team-1', 1);
    await expect(decodeTeamKeyDoc(await encodeTeamKeyDoc(ownV1, b.public, a), b, 'team-1', members)).rejects.toMatchObject({ problem: 'revokedSigner' });
    await expect(decodeTeamKeyDoc(await encodeTeamKeyDoc(v1, b.public, a), b, 'team-1', [member(a), member(b)])).resolves.toMatchObject({ version: 1 });
  });

  it('a document copied from another team’s database is refused before anything is decrypted (a device may sign in both)', async () => {
    const { a, b, members } = await team();
    const other = await generateTeamKey('team-X');
    const fromX = await encodeTeamKeyDoc(other, b.public, a);
    await expect(decodeTeamKeyDoc(JSON.parse(JSON.stringify(fromX)), b, 'team-1', members)).rejects.toMatchObject({ problem: 'badSignature' });
    const caseFromX = await encodeCaseKeyDoc(other, await generateCaseKey(other, 'case-x'), a);
    const y = await generateTeamKey('team-1');
    await expect(decodeCaseKeyDoc(JSON.parse(JSON.stringify(caseFromX)), 'team-1', () => y, members)).rejects.toMatchObject({ problem: 'badSignature' });
  });

  it('a signed document that does not open is refused as such, never thrown as another error (it would stop every sync)', async () => {
    const { a, b, v1, members } = await team();
    // Signed by a member over the exact bytes a reader checks (written out here, not taken from the module).
    const sign = async (fields: unknown[]) => btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, a.signing.privateKey, new TextEncoder().encode(JSON.stringify(fields))))));
    const zeros = (n: number) => btoa(String.fromCharCode(...new Uint8Array(n)));
    const t = { _id: teamKeyDocId(1, b.public.fingerprint), v: 1, kid: 1, epk: zeros(65), iv: zeros(12), ct: zeros(48) };
    const tDoc = { ...t, sig: await sign(['sanad/sync/sig/t/v1', 'team-1', t._id, t.v, t.kid, t.epk, t.iv, t.ct]) };
    await expect(decodeTeamKeyDoc(tDoc, b, 'team-1', members)).rejects.toMatchObject({ name: 'KeyDocError', problem: 'cannotUnwrap' });
    const ck = await generateCaseKey(v1, 'case-1');
    const k = { _id: caseKeyDocId(ck.caseTag), v: 1, kid: 1, iv: zeros(12), ct: zeros(48) };
    const kDoc = { ...k, sig: await sign(['sanad/sync/sig/k/v1', 'team-1', k._id, k.v, k.kid, k.iv, k.ct]) };
    await expect(decodeCaseKeyDoc(kDoc, 'team-1', () => v1, members)).rejects.toMatchObject({ name: 'KeyDocError', problem: 'cannotUnwrap' });
  });

  it('one encoding per signature and a string id: look-alike copies are refused as malformed', async () => {
    const { a, b, v1, members } = await team();
    const doc = await encodeTeamKeyDoc(v1, b.public, a);
    expect(doc.sig).toHaveLength(88);
    await expect(decodeTeamKeyDoc({ ...doc, sig: doc.sig.replace(/=+$/, '') }, b, 'team-1', members)).rejects.toMatchObject({ problem: 'malformed' });
    // The letter before the padding carries 4 unused bits: another letter decodes to the same bytes.
    const last = doc.sig[85]!;
    const twin = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const sibling = twin[(twin.indexOf(last) & ~3) | ((twin.indexOf(last) + 1) & 3)]!;
    await expect(decodeTeamKeyDoc({ ...doc, sig: `${doc.sig.slice(0, 85)}${sibling}==` }, b, 'team-1', members)).rejects.toMatchObject({ problem: 'malformed' });
    await expect(decodeTeamKeyDoc({ ...doc, _id: [doc._id] }, b, 'team-1', members)).rejects.toMatchObject({ problem: 'malformed' });
  });

  it('a document changed on the way, or addressed to another device or version, is refused', async () => {
    const { a, b, outsider, v1, members } = await team();
    const doc = await encodeTeamKeyDoc(v1, b.public, a);
    await expect(decodeTeamKeyDoc({ ...doc, ct: flip(doc.ct, 3) }, b, 'team-1', members)).rejects.toMatchObject({ problem: 'badSignature' });
    await expect(decodeTeamKeyDoc({ ...doc, sig: flip(doc.sig, 10) }, b, 'team-1', members)).rejects.toMatchObject({ problem: 'badSignature' });
    await expect(decodeTeamKeyDoc(doc, outsider, 'team-1', [...members, member(outsider)])).rejects.toMatchObject({ problem: 'notForThisDevice' });
    await expect(decodeTeamKeyDoc({ ...doc, kid: 2 }, b, 'team-1', members)).rejects.toMatchObject({ problem: 'notForThisDevice' });
    await expect(decodeTeamKeyDoc({ ...doc, extra: 'x' }, b, 'team-1', members)).rejects.toMatchObject({ problem: 'malformed' });
  });
});

describe('case key documents (k:), signed by a member', () => {
  it('a case key A made opens on B with the team key, under the tag of its id', async () => {
    const { a, v1, members } = await team();
    const ck = await generateCaseKey(v1, 'case-1');
    const doc = await encodeCaseKeyDoc(v1, ck, a);
    expect(doc._id).toBe(caseKeyDocId(ck.caseTag));
    const opened = await decodeCaseKeyDoc(JSON.parse(JSON.stringify(doc)), 'team-1', (kid) => (kid === 1 ? v1 : undefined), members);
    expect(opened.caseTag).toBe(ck.caseTag);
    expect([...opened.raw]).toEqual([...ck.raw]);
  });

  it('refused: unsigned, signed by a device outside the team, moved to another case, or under a version this device lacks', async () => {
    const { a, outsider, v1, members } = await team();
    const keys = (kid: number) => (kid === 1 ? v1 : undefined);
    const ck = await generateCaseKey(v1, 'case-1');
    const other = await generateCaseKey(v1, 'case-2');
    await expect(decodeCaseKeyDoc({ _id: caseKeyDocId(ck.caseTag), ...(await wrapCaseKey(v1, ck)), sig: 'AAAA' }, 'team-1', keys, members)).rejects.toMatchObject({ problem: 'malformed' });
    await expect(decodeCaseKeyDoc(await encodeCaseKeyDoc(v1, ck, outsider), 'team-1', keys, members)).rejects.toMatchObject({ problem: 'badSignature' });
    const doc = await encodeCaseKeyDoc(v1, ck, a);
    await expect(decodeCaseKeyDoc({ ...doc, _id: caseKeyDocId(other.caseTag) }, 'team-1', keys, members)).rejects.toMatchObject({ problem: 'badSignature' });
    await expect(decodeCaseKeyDoc(doc, 'team-1', () => undefined, members)).rejects.toMatchObject({ problem: 'unknownTeamKey' });
  });

  it('a team key signature does not pass for a case key document: each kind signs its own domain', async () => {
    const { a, b, v1, members } = await team();
    const t = await encodeTeamKeyDoc(v1, b.public, a);
    const ck = await generateCaseKey(v1, 'case-1');
    const k = await encodeCaseKeyDoc(v1, ck, a);
    await expect(decodeCaseKeyDoc({ ...k, sig: t.sig }, 'team-1', () => v1, members)).rejects.toBeInstanceOf(KeyDocError);
  });
});
