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
    await expect(decodeTeamKeyDoc({ ...unsigned, sig: 'AAAA' }, b, 'team-1', members)).rejects.toMatchObject({ problem: 'badSignature' });
    await expect(decodeTeamKeyDoc(await encodeTeamKeyDoc(forged, b.public, outsider), b, 'team-1', members)).rejects.toMatchObject({ problem: 'badSignature' });
  });

  it('a member revoked from version 2 may still have signed version 1, not version 2 or later', async () => {
    const { a, b, v1 } = await team();
    const v2 = await generateTeamKey('team-1', 2);
    const members = [member(a, 2), member(b)];
    expect((await decodeTeamKeyDoc(await encodeTeamKeyDoc(v1, b.public, a), b, 'team-1', members)).version).toBe(1);
    await expect(decodeTeamKeyDoc(await encodeTeamKeyDoc(v2, b.public, a), b, 'team-1', members)).rejects.toMatchObject({ problem: 'revokedSigner' });
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
    const opened = await decodeCaseKeyDoc(JSON.parse(JSON.stringify(doc)), (kid) => (kid === 1 ? v1 : undefined), members);
    expect(opened.caseTag).toBe(ck.caseTag);
    expect([...opened.raw]).toEqual([...ck.raw]);
  });

  it('refused: unsigned, signed by a device outside the team, moved to another case, or under a version this device lacks', async () => {
    const { a, outsider, v1, members } = await team();
    const keys = (kid: number) => (kid === 1 ? v1 : undefined);
    const ck = await generateCaseKey(v1, 'case-1');
    const other = await generateCaseKey(v1, 'case-2');
    await expect(decodeCaseKeyDoc({ _id: caseKeyDocId(ck.caseTag), ...(await wrapCaseKey(v1, ck)), sig: 'AAAA' }, keys, members)).rejects.toMatchObject({ problem: 'badSignature' });
    await expect(decodeCaseKeyDoc(await encodeCaseKeyDoc(v1, ck, outsider), keys, members)).rejects.toMatchObject({ problem: 'badSignature' });
    const doc = await encodeCaseKeyDoc(v1, ck, a);
    await expect(decodeCaseKeyDoc({ ...doc, _id: caseKeyDocId(other.caseTag) }, keys, members)).rejects.toMatchObject({ problem: 'badSignature' });
    await expect(decodeCaseKeyDoc(doc, () => undefined, members)).rejects.toMatchObject({ problem: 'unknownTeamKey' });
  });

  it('a team key signature does not pass for a case key document: each kind signs its own domain', async () => {
    const { a, b, v1, members } = await team();
    const t = await encodeTeamKeyDoc(v1, b.public, a);
    const ck = await generateCaseKey(v1, 'case-1');
    const k = await encodeCaseKeyDoc(v1, ck, a);
    await expect(decodeCaseKeyDoc({ ...k, sig: t.sig }, () => v1, members)).rejects.toBeInstanceOf(KeyDocError);
  });
});
