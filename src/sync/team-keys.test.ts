import { describe, expect, it } from 'vitest';
import {
  KeyError,
  caseTagOf,
  fingerprintOf,
  generateCaseKey,
  generateDeviceKeys,
  generateTeamKey,
  rekeyCases,
  rotateTeamKey,
  sameCode,
  unwrapCaseKey,
  unwrapTeamKey,
  wrapCaseKey,
  wrapTeamKeyFor,
} from './team-keys';

const flip = (b64: string) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  bytes[0]! ^= 1;
  return btoa(String.fromCharCode(...bytes));
};

describe('device keys and fingerprints', () => {
  it('gives each device a short code over both public keys, the same on two screens', async () => {
    const a = await generateDeviceKeys();
    const b = await generateDeviceKeys();
    expect(a.public.fingerprint).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(a.public.fingerprint).not.toBe(b.public.fingerprint);
    // Recomputed from the public halves alone (what the other screen has).
    expect(await fingerprintOf(a.public.signingRaw, a.public.agreementRaw)).toBe(a.public.fingerprint);
    // Swapping either public key changes the code.
    expect(await fingerprintOf(b.public.signingRaw, a.public.agreementRaw)).not.toBe(a.public.fingerprint);
    expect(await fingerprintOf(a.public.signingRaw, b.public.agreementRaw)).not.toBe(a.public.fingerprint);
    expect(sameCode(a.public.fingerprint, a.public.fingerprint.toLowerCase().replace(/-/g, ' '))).toBe(true);
    expect(sameCode(a.public.fingerprint, b.public.fingerprint)).toBe(false);
  });
});

describe('the team key, wrapped to each device', () => {
  it('opens on the device it was wrapped to, with the same case tags', async () => {
    const device = await generateDeviceKeys();
    const team = await generateTeamKey('team-1');
    const wrapped = await wrapTeamKeyFor(team, device.public);
    expect(wrapped.kid).toBe(1);
    const opened = await unwrapTeamKey(wrapped, device, 'team-1');
    expect(opened.version).toBe(1);
    expect(await caseTagOf(opened, 'case-42')).toBe(await caseTagOf(team, 'case-42'));
    expect(await caseTagOf(team, 'case-42')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await caseTagOf(team, 'case-43')).not.toBe(await caseTagOf(team, 'case-42'));
  });

  it('does not open on another device, for another team, at another version or altered', async () => {
    const device = await generateDeviceKeys();
    const other = await generateDeviceKeys();
    const team = await generateTeamKey('team-1');
    const wrapped = await wrapTeamKeyFor(team, device.public);
    await expect(unwrapTeamKey(wrapped, other, 'team-1')).rejects.toThrow(KeyError);
    await expect(unwrapTeamKey(wrapped, device, 'team-2')).rejects.toMatchObject({ problem: 'cannotUnwrap' });
    await expect(unwrapTeamKey({ ...wrapped, kid: 2 }, device, 'team-1')).rejects.toMatchObject({ problem: 'cannotUnwrap' });
    await expect(unwrapTeamKey({ ...wrapped, ct: flip(wrapped.ct) }, device, 'team-1')).rejects.toMatchObject({ problem: 'cannotUnwrap' });
    await expect(unwrapTeamKey({ ...wrapped, epk: flip(wrapped.epk) }, device, 'team-1')).rejects.toThrow(KeyError);
    await expect(unwrapTeamKey({ ...wrapped, v: 9 }, device, 'team-1')).rejects.toMatchObject({ problem: 'malformed' });
  });

  it('rotation: the new version reaches the remaining devices only, with new case tags', async () => {
    const [a, b, revoked] = await Promise.all([generateDeviceKeys(), generateDeviceKeys(), generateDeviceKeys()]);
    const v1 = await generateTeamKey('team-1');
    const { team: v2, wraps } = await rotateTeamKey(v1, [a.public, b.public]);
    expect(v2.version).toBe(2);
    expect(wraps.map((w) => w.fingerprint).sort()).toEqual([a.public.fingerprint, b.public.fingerprint].sort());
    for (const w of wraps) expect(w.wrapped.kid).toBe(2);
    const onB = await unwrapTeamKey(wraps.find((w) => w.fingerprint === b.public.fingerprint)!.wrapped, b, 'team-1');
    expect(await caseTagOf(onB, 'case-1')).toBe(await caseTagOf(v2, 'case-1'));
    // The revoked device has no wrap of its own, and none of the others opens for it.
    for (const w of wraps) await expect(unwrapTeamKey(w.wrapped, revoked, 'team-1')).rejects.toMatchObject({ problem: 'cannotUnwrap' });
    expect(await caseTagOf(v2, 'case-1')).not.toBe(await caseTagOf(v1, 'case-1'));
  });
});

describe('per-case keys under the team key', () => {
  it('round-trips, and refuses another case, another version or altered bytes', async () => {
    const team = await generateTeamKey('team-1');
    const ck = await generateCaseKey(team, 'case-1');
    const wrapped = await wrapCaseKey(team, ck);
    const opened = await unwrapCaseKey(team, ck.caseTag, wrapped);
    expect(opened.raw).toEqual(ck.raw);
    const other = await generateCaseKey(team, 'case-2');
    await expect(unwrapCaseKey(team, other.caseTag, wrapped)).rejects.toMatchObject({ problem: 'cannotUnwrap' });
    await expect(unwrapCaseKey(team, ck.caseTag, { ...wrapped, ct: flip(wrapped.ct) })).rejects.toMatchObject({ problem: 'cannotUnwrap' });
    const { team: v2 } = await rotateTeamKey(team, []);
    await expect(unwrapCaseKey(v2, ck.caseTag, wrapped)).rejects.toMatchObject({ problem: 'cannotUnwrap' });
  });

  it('after a rotation each open case gets a new key under the new version', async () => {
    const v1 = await generateTeamKey('team-1');
    const old = await generateCaseKey(v1, 'case-1');
    const { team: v2 } = await rotateTeamKey(v1, []);
    const [fresh] = await rekeyCases(v2, ['case-1']);
    expect(fresh!.caseKey.kid).toBe(2);
    expect(fresh!.caseKey.caseTag).toBe(await caseTagOf(v2, 'case-1'));
    expect(fresh!.caseKey.raw).not.toEqual(old.raw);
    expect((await unwrapCaseKey(v2, fresh!.caseKey.caseTag, fresh!.wrapped)).raw).toEqual(fresh!.caseKey.raw);
    await expect(unwrapCaseKey(v1, fresh!.caseKey.caseTag, fresh!.wrapped)).rejects.toThrow(KeyError);
  });
});
