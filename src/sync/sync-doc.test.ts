import { describe, expect, it } from 'vitest';
import { kit } from '../../tests/setup/case-kit';
import { BUCKETS, SyncDocError, decodeEvent, encodeEvent, eventDocId, pad, parseEventDocId, unpad } from './sync-doc';
import type { DecodeContext, SyncDoc, SyncedEvent, TeamMember } from './sync-doc';
import { generateCaseKey, generateDeviceKeys, generateTeamKey, rotateTeamKey } from './team-keys';
import type { CaseKey, DeviceKeys, TeamKey } from './team-keys';

const flip = (b64: string, at = 0) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  bytes[at]! ^= 1;
  return btoa(String.fromCharCode(...bytes));
};

async function team() {
  const t = await generateTeamKey('team-1');
  const [a, b, stranger] = await Promise.all([generateDeviceKeys(), generateDeviceKeys(), generateDeviceKeys()]);
  const ck1 = await generateCaseKey(t, 'case-1');
  const ck2 = await generateCaseKey(t, 'case-2');
  const member = (d: DeviceKeys, revokedFrom?: number): TeamMember => ({ fingerprint: d.public.fingerprint, signingRaw: d.public.signingRaw, ...(revokedFrom ? { revokedFrom } : {}) });
  const ctx = (members: TeamMember[] = [member(a), member(b)], teams: TeamKey[] = [t], keys: CaseKey[] = [ck1, ck2]): DecodeContext => ({
    teamKey: (kid) => teams.find((x) => x.version === kid),
    caseKey: (tag, kid) => keys.find((k) => k.caseTag === tag && k.kid === kid),
    members,
  });
  const k = kit();
  const synced = (author: DeviceKeys, eventId: string, caseId = 'case-1', seq = 0): SyncedEvent => ({
    caseId,
    eventId,
    author: author.public.fingerprint,
    seq,
    event: k.e('case.report', { channel: 'oral', reporterRole: 'target', summary: 'Samira Benali is mocked daily' }),
  });
  return { t, a, b, stranger, ck1, ck2, ctx, member, synced };
}

const problem = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'accepted';
  } catch (err) {
    if (err instanceof SyncDocError) return err.problem;
    throw err;
  }
};

describe('padding', () => {
  it('rounds every length up to a bucket and back', () => {
    for (const n of [0, 1, 252, 253, 1000, 65_532]) {
      const bytes = new Uint8Array(n).fill(7);
      const padded = pad(bytes);
      expect(BUCKETS as readonly number[]).toContain(padded.length);
      expect(unpad(padded)).toEqual(bytes);
    }
    expect(() => pad(new Uint8Array(65_533))).toThrow(RangeError);
    const bad = pad(new Uint8Array(3));
    bad[200] = 1;
    expect(unpad(bad)).toBeNull();
  });
});

describe('event documents', () => {
  it('round-trips: the id names no case, the body only v, kid, iv, ct, sig, nothing readable', async () => {
    const { a, ck1, ctx, synced } = await team();
    const e = synced(a, 'ev-1');
    const doc = await encodeEvent(ck1, a, e);
    expect(Object.keys(doc).sort()).toEqual(['_id', 'ct', 'iv', 'kid', 'sig', 'v']);
    expect(doc._id).toBe(eventDocId(ck1.caseTag, 'ev-1'));
    expect(parseEventDocId(doc._id)).toEqual({ caseTag: ck1.caseTag, eventId: 'ev-1' });
    const text = JSON.stringify(doc);
    for (const canary of ['case-1', 'Samira', 'Benali', 'case.report', a.public.fingerprint]) expect(text).not.toContain(canary);
    expect(await decodeEvent({ ...doc, _rev: '1-abc' }, ctx())).toEqual(e);
  });

  it('pads: the ciphertext is a bucket long, and events of different lengths in one bucket look alike', async () => {
    const { a, ck1, synced } = await team();
    const base = synced(a, 'ev-1');
    const withSummary = (n: number, id: string) => ({ ...base, eventId: id, event: { ...base.event, summary: 'x'.repeat(n) } as SyncedEvent['event'] });
    const ctBytes = async (e: SyncedEvent) => atob((await encodeEvent(ck1, a, e)).ct).length - 16;
    for (const n of [1, 100, 700, 3000]) expect(BUCKETS as readonly number[]).toContain(await ctBytes(withSummary(n, `ev-${n}`)));
    expect(await ctBytes(withSummary(500, 'ev-a'))).toBe(1024);
    expect(await ctBytes(withSummary(650, 'ev-b'))).toBe(1024);
  });

  it('refuses, each with its own reason, an altered ciphertext, signature or id, and a swapped id', async () => {
    const { a, ck1, ck2, ctx, synced } = await team();
    const doc = await encodeEvent(ck1, a, synced(a, 'ev-1'));
    const other = await encodeEvent(ck2, a, synced(a, 'ev-9', 'case-2'));
    expect(await problem(decodeEvent({ ...doc, ct: flip(doc.ct, 40) }, ctx()))).toBe('altered');
    expect(await problem(decodeEvent({ ...doc, iv: flip(doc.iv) }, ctx()))).toBe('altered');
    expect(await problem(decodeEvent({ ...doc, sig: flip(doc.sig, 10) }, ctx()))).toBe('badSignature');
    // Another event id, in the same case.
    expect(await problem(decodeEvent({ ...doc, _id: eventDocId(ck1.caseTag, 'ev-2') }, ctx()))).toBe('altered');
    // Moved to another case the device holds a key for.
    expect(await problem(decodeEvent({ ...doc, _id: eventDocId(ck2.caseTag, 'ev-1') }, ctx()))).toBe('altered');
    // Two documents' bodies swapped.
    expect(await problem(decodeEvent({ ...other, _id: doc._id }, ctx()))).toBe('altered');
    // Moved to a case tag nobody knows.
    expect(await problem(decodeEvent({ ...doc, _id: eventDocId('x'.repeat(43), 'ev-1') }, ctx()))).toBe('unknownCaseKey');
    // Another key version.
    expect(await problem(decodeEvent({ ...doc, kid: 2 }, ctx()))).toBe('unknownCaseKey');
    expect(await problem(decodeEvent({ ...doc, extra: 'x' }, ctx()))).toBe('malformed');
    expect(await problem(decodeEvent({ ...doc, _id: 'e:bad' }, ctx()))).toBe('malformed');
    expect(await problem(decodeEvent(null, ctx()))).toBe('malformed');
    const err = await decodeEvent({ ...doc, ct: flip(doc.ct, 40) }, ctx()).catch((e: unknown) => e);
    expect((err as Error).message).toBe(`sync document ${doc._id}: the document was changed on the way (its content or its id)`);
  });

  it('a signature made by another team member over the same bytes is refused', async () => {
    const { a, b, ck1, ctx, synced } = await team();
    const byA = await encodeEvent(ck1, a, synced(a, 'ev-1'));
    const byBClaimingA = await encodeEvent(ck1, b, synced(b, 'ev-1'));
    expect(await problem(decodeEvent({ ...byA, sig: byBClaimingA.sig }, ctx()))).toBe('badSignature');
  });

  it('refuses an author outside the team, and a revoked one from its revocation version on', async () => {
    const { t, a, b, stranger, ck1, ctx, member, synced } = await team();
    const byStranger = await encodeEvent(ck1, stranger, synced(stranger, 'ev-1'));
    expect(await problem(decodeEvent(byStranger, ctx()))).toBe('unknownDevice');
    // b is revoked from version 2: what it signed under version 1 stays valid, not what it signs under 2.
    const beforeRevocation = await encodeEvent(ck1, b, synced(b, 'ev-2'));
    const members = [member(a), member(b, 2)];
    expect(await problem(decodeEvent(beforeRevocation, ctx(members)))).toBe('accepted');
    const { team: v2 } = await rotateTeamKey(t, [a.public]);
    const ck1v2 = await generateCaseKey(v2, 'case-1');
    const afterRevocation = await encodeEvent(ck1v2, b, synced(b, 'ev-3'));
    expect(await problem(decodeEvent(afterRevocation, ctx(members, [t, v2], [ck1, ck1v2])))).toBe('revokedDevice');
    const byA = await encodeEvent(ck1v2, a, synced(a, 'ev-4'));
    expect(await problem(decodeEvent(byA, ctx(members, [t, v2], [ck1, ck1v2])))).toBe('accepted');
    // A device that has only the new version cannot open what was written under the old one.
    expect(await problem(decodeEvent(beforeRevocation, ctx(members, [v2], [ck1v2])))).toBe('unknownCaseKey');
  });

  it('refuses a document whose sealed case is not the one its tag names', async () => {
    const { t, a, ctx, member, synced } = await team();
    // A case key made for case-1's tag, used (by a faulty or hostile member) to seal an event of case-3.
    const ck = await generateCaseKey(t, 'case-1');
    const doc: SyncDoc = await encodeEvent(ck, a, synced(a, 'ev-1', 'case-3'));
    expect(await problem(decodeEvent(doc, ctx([member(a)], [t], [ck])))).toBe('idMismatch');
  });

  it('will not sign for another device', async () => {
    const { a, b, ck1, synced } = await team();
    await expect(encodeEvent(ck1, a, synced(b, 'ev-1'))).rejects.toThrow(RangeError);
  });
});
