import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { BackupError, checkBackup, makeBackup, readEnvelope } from './backup';
import { appendEvent, createCase, loadCase } from './case-repository';
import { open } from './crypto';
import { openDb } from './db';
import { StorageError } from './errors';
import { finishRevocation, revokePassphrase } from './revoke';
import { readSetting, writeSetting } from './settings';
import { changePassphrase, createVault, keysFromVault, renewRecoveryCode, unlockWithPassphrase, unlockWithRecoveryCode } from './vault';
import type { VaultKeys } from './crypto';
import { exportCase, mergeTransfer, openTransfer } from './transfer';
import { upgradeVault } from './upgrade';

/**
 * Revoking a passphrase (issue 14, finding 6): someone who knew the old passphrase and kept an old backup must
 * not open a backup made after the revocation. A plain change cannot promise that, and says so.
 */
const cal = DEFAULT_CALENDAR;
const log = (JSON.parse(readFileSync('protocol/scenarios/shared-concern-resolved.json', 'utf8')) as { steps: { event: Record<string, unknown> }[] }).steps.map((s) => s.event);
const OLD = 'the old passphrase somebody saw';
const NEW = 'a brand new passphrase nobody saw';
const NOW = '2027-01-10T09:00:00.000Z';
let n = 0;

async function vaultWithCases() {
  const db = openDb(`sanad-revoke-${n++}`);
  const { keys, recoveryCode } = await createVault(db, OLD, NOW);
  for (const id of ['c1', 'c2', 'c3']) await createCase(db, keys, id, log.slice(0, 6), cal);
  await writeSetting(db, keys, 'school', 'Collège Al Amal');
  return { db, keys, recoveryCode };
}

/** What the old passphrase yields from an old backup, tried on a newer backup's payload. */
async function oldKeysOpen(oldBackup: string, newBackup: string): Promise<boolean> {
  const keys = await keysFromVault(readEnvelope(oldBackup).vault, { passphrase: OLD });
  const env = readEnvelope(newBackup);
  return open(keys.data, `sanad/backup/${JSON.stringify(env.manifest)}/v1`, env.payload).then(
    () => true,
    () => false,
  );
}

describe('revoking the old passphrase', () => {
  it('a plain change leaves an old backup and the old passphrase able to open later backups; a revocation does not', async () => {
    const { db, keys } = await vaultWithCases();
    const before = (await makeBackup(db, keys, NOW)).text;

    await changePassphrase(db, OLD, NEW, NOW);
    const afterPlain = (await makeBackup(db, keys, NOW)).text;
    expect(await oldKeysOpen(before, afterPlain)).toBe(true);

    const { keys: next, recoveryCode } = await revokePassphrase(db, NEW, 'a third passphrase after revoking', NOW);
    expect(await finishRevocation(db, next, cal)).toBe(3);
    const { previous: _dropped, ...current } = next;
    const afterRevoke = (await makeBackup(db, current, NOW)).text;
    expect(await oldKeysOpen(before, afterRevoke)).toBe(false);
    await expect(checkBackup(afterRevoke, { passphrase: OLD })).rejects.toMatchObject({ problem: 'wrongSecret' });
    await expect(checkBackup(afterRevoke, { passphrase: NEW })).rejects.toBeInstanceOf(BackupError);
    expect((await checkBackup(afterRevoke, { recoveryCode })).manifest.cases).toBe(3);

    // The device itself: every case and setting reads with the new keys only, and the old master is gone.
    const unlocked = await unlockWithPassphrase(db, 'a third passphrase after revoking', NOW);
    expect(unlocked.previous).toBeUndefined();
    expect((await db.vault.get('vault'))?.rekey).toBeUndefined();
    for (const id of ['c1', 'c2', 'c3']) expect((await loadCase(db, unlocked, id)).events).toHaveLength(6);
    expect(await readSetting(db, unlocked, 'school')).toBe('Collège Al Amal');
    await db.delete();
  }, 60_000);

  it('interrupted after the switch, it resumes at the next unlock: a case not resealed yet reads with the old keys and takes no writes', async () => {
    const { db, recoveryCode: oldCode } = await vaultWithCases();
    const { keys } = await revokePassphrase(db, OLD, NEW, NOW);
    // The tab closes after one case.
    let calls = 0;
    await expect(
      finishRevocation(db, keys, cal, () => {
        if (++calls === 2) throw new Error('tab closed');
      }),
    ).rejects.toThrow('tab closed');
    await expect(unlockWithPassphrase(db, OLD, NOW)).rejects.toMatchObject({ problem: 'wrongPassphrase' });
    await expect(unlockWithRecoveryCode(db, oldCode, 'whatever new passphrase here', NOW)).rejects.toMatchObject({ problem: 'wrongRecoveryCode' });

    const resumed = await unlockWithPassphrase(db, NEW, NOW);
    expect(resumed.previous).toBeDefined();
    for (const id of ['c1', 'c2', 'c3']) expect((await loadCase(db, resumed, id)).events).toHaveLength(6);
    const note = { type: 'note.add', at: '2027-01-10T10:00:00Z', by: 'X', text: 'after' };
    const outcomes = await Promise.all(['c1', 'c2', 'c3'].map((id) => appendEvent(db, resumed, id, note, cal).then(() => 'written', (e: unknown) => (e as StorageError).problem)));
    expect(outcomes.sort()).toEqual(['busy', 'busy', 'written']);
    await expect(makeBackup(db, resumed, NOW)).rejects.toMatchObject({ problem: 'notReady' });

    expect(await finishRevocation(db, resumed, cal)).toBe(2);
    expect((await db.vault.get('vault'))?.rekey).toBeUndefined();
    const done = await unlockWithPassphrase(db, NEW, NOW);
    expect(done.previous).toBeUndefined();
    for (const id of ['c1', 'c2', 'c3']) await appendEvent(db, done, id, { ...note, at: '2027-01-10T11:00:00Z' }, cal);
    expect((await makeBackup(db, done, NOW)).manifest.events).toBe(3 * 6 + 1 + 3);
    await db.delete();
  }, 60_000);

  it('a new recovery code replaces the old one at once', async () => {
    const { db, recoveryCode } = await vaultWithCases();
    const fresh = await renewRecoveryCode(db, OLD, NOW);
    expect(fresh).not.toBe(recoveryCode);
    await expect(unlockWithRecoveryCode(db, recoveryCode, 'another passphrase, long enough', NOW)).rejects.toMatchObject({ problem: 'wrongRecoveryCode' });
    const keys = await unlockWithRecoveryCode(db, fresh, 'another passphrase, long enough', NOW);
    expect((await loadCase(db, keys, 'c1')).events).toHaveLength(6);
    await expect(renewRecoveryCode(db, 'not the passphrase at all', NOW)).rejects.toMatchObject({ problem: 'wrongPassphrase' });
    await db.delete();
  }, 60_000);

  it('takes the writers\' lock for its vault-row writes: nothing of it is written while another writer (a compaction) holds it', async () => {
    const { db } = await vaultWithCases();
    const before = JSON.stringify([await db.vault.toArray(), await db.settings.toArray()]);
    let release!: () => void;
    let asked!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const askedFor = new Promise<string>((r) => (asked = () => r('asked')));
    // Which turn of the writers' lock the switch (the write that keeps the old master) was made in, if any.
    let switchedInTurn = false;
    const request = async (name: string, a: unknown, b?: unknown) => {
      const work = (typeof a === 'function' ? a : b) as (lock: unknown) => Promise<unknown>;
      if (name !== 'sanad-ledger-write') return work({ name });
      asked();
      await held;
      const had = (await db.vault.get('vault'))?.rekey !== undefined;
      const result = await work({ name });
      if (!had && (await db.vault.get('vault'))?.rekey !== undefined) switchedInTurn = true;
      return result;
    };
    vi.stubGlobal('navigator', { locks: { request } });
    try {
      const revocation = revokePassphrase(db, OLD, NEW, NOW).then(() => 'revoked');
      expect(await Promise.race([askedFor, revocation.then(() => 'written without the lock')])).toBe('asked');
      expect(JSON.stringify([await db.vault.toArray(), await db.settings.toArray()])).toBe(before);
      release();
      expect(await revocation).toBe('revoked');
      expect(switchedInTurn).toBe(true);
    } finally {
      release();
      vi.unstubAllGlobals();
    }
    await expect(unlockWithPassphrase(db, OLD, NOW)).rejects.toMatchObject({ problem: 'wrongPassphrase' });
    await db.delete();
  }, 60_000);

  describe('in front of a hostile disk or an interruption (from the adversarial review)', () => {
    /** A revocation interrupted right after the switch: the next unlock, with the new passphrase. */
    async function switched() {
      const v = await vaultWithCases();
      const { keys } = await revokePassphrase(v.db, OLD, NEW, NOW);
      expect(keys.previous).toBeDefined();
      return { db: v.db, keys: await unlockWithPassphrase(v.db, NEW, NOW) };
    }
    const loads = (db: Awaited<ReturnType<typeof switched>>['db'], keys: VaultKeys, id: string) =>
      loadCase(db, keys, id).then(
        (c) => `loads ${c.events.length}`,
        (e: unknown) => (e instanceof StorageError ? `${e.problem}${e.problem === 'altered' ? `:${(e.detail as { reason: string }).reason}` : ''}` : String(e)),
      );

    it('a transfer into a case not resealed yet is refused until it is; nothing is lost', async () => {
      const { db, keys } = await switched();
      const other = openDb(`sanad-revoke-${n++}`);
      const otherKeys = (await createVault(other, 'the colleague passphrase, long enough', NOW)).keys;
      await createCase(other, otherKeys, 'c1', log.slice(0, 6), cal);
      await appendEvent(other, otherKeys, 'c1', log[6]!, cal);
      const file = await exportCase(other, otherKeys, 'c1', NOW);
      const opened = await openTransfer(file.text, file.code);
      await expect(mergeTransfer(db, keys, opened, cal)).rejects.toMatchObject({ problem: 'busy' });
      expect(await finishRevocation(db, keys, cal)).toBe(3);
      const done = await unlockWithPassphrase(db, NEW, NOW);
      expect((await mergeTransfer(db, done, opened, cal)).added).toBeGreaterThanOrEqual(1);
      expect(await loads(db, done, 'c1')).toMatch(/^loads /);
      await Promise.all([db.delete(), other.delete()]);
    }, 60_000);

    it('a case whose rows do not open under the old keys is flagged and kept with them; the others are resealed, and backups of them go ahead', async () => {
      const { db, keys } = await switched();
      const row = (await db.events.where('caseId').equals('c2').sortBy('seq'))[2]!;
      const ct = row.sealed!.ct;
      await db.events.put({ ...row, sealed: { ...row.sealed!, ct: (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1) } });
      await db.cases.delete('c3'); // and an index row deleted: made again from the events
      expect(await finishRevocation(db, keys, cal)).toBe(2);
      expect(await loads(db, keys, 'c1')).toBe('loads 6');
      expect(await loads(db, keys, 'c3')).toBe('loads 6');
      expect(await loads(db, keys, 'c2')).toBe('altered:flagged');
      // The previous master is kept while a case still needs it; a backup carries the rest and names c2.
      expect((await db.vault.get('vault'))?.rekey).toBeDefined();
      const { skipped, manifest } = await makeBackup(db, keys, NOW);
      expect(skipped).toEqual(['c2']);
      expect(manifest.cases).toBe(2);
      await db.delete();
    }, 60_000);

    it('a record of the previous master that does not open locks nobody out; the cases behind are flagged and backups go ahead', async () => {
      const { db } = await switched();
      const vault = (await db.vault.get('vault'))!;
      const ct = vault.rekey!.sealed.ct;
      await db.vault.update('vault', { rekey: { sealed: { ...vault.rekey!.sealed, ct: (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1) } } });
      const keys = await unlockWithPassphrase(db, NEW, NOW);
      expect(keys.previous).toBeUndefined();
      await finishRevocation(db, keys, cal);
      const outcomes = await Promise.all(['c1', 'c2', 'c3'].map((id) => loads(db, keys, id)));
      expect(outcomes.filter((o) => o === 'altered:flagged')).toHaveLength(outcomes.filter((o) => !o.startsWith('loads')).length);
      expect((await makeBackup(db, keys, NOW)).skipped.length).toBe(outcomes.filter((o) => o === 'altered:flagged').length);
      await db.delete();
    }, 60_000);

    it('the vault row put back from before the revocation: the ledger is not remade over the cases (putting the right row back repairs all)', async () => {
      const v = await vaultWithCases();
      const before = (await v.db.vault.get('vault'))!;
      const { keys } = await revokePassphrase(v.db, OLD, NEW, NOW);
      await finishRevocation(v.db, keys, cal);
      const after = (await v.db.vault.get('vault'))!;
      await v.db.vault.put(before);
      const oldKeys = await unlockWithPassphrase(v.db, OLD, NOW);
      await expect(upgradeVault(v.db, oldKeys, cal)).rejects.toMatchObject({ problem: 'altered' });
      await v.db.vault.put(after);
      const good = await unlockWithPassphrase(v.db, NEW, NOW);
      for (const id of ['c1', 'c2', 'c3']) expect(await loads(v.db, good, id)).toBe('loads 6');
      expect(await readSetting(v.db, good, 'school')).toBe('Collège Al Amal');
      await v.db.delete();
    }, 60_000);

    it('the ledger deleted in the middle of a revocation is not remade: the old master stays, no case is lost to it', async () => {
      const { db, keys } = await switched();
      let calls = 0;
      await finishRevocation(db, keys, cal, () => {
        if (++calls === 2) throw new Error('tab closed');
      }).catch(() => undefined);
      await db.settings.delete('sanad:ledger');
      const again = await unlockWithPassphrase(db, NEW, NOW);
      await expect(upgradeVault(db, again, cal)).rejects.toMatchObject({ problem: 'altered' });
      expect(await finishRevocation(db, again, cal)).toBe(0);
      expect((await db.vault.get('vault'))?.rekey).toBeDefined();
      await db.delete();
    }, 60_000);
  });
});
