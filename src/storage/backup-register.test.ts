import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { DEFAULT_RETENTION } from '../../protocol/retention';
import { formatStrict } from '../i18n/message';
import { UI } from '../i18n/ui-catalogs';
import { scenarioEvents } from '../../tests/setup/scenario-events';
import { runJob } from './backup-jobs';
import { appendEvent, createCase } from './case-repository';
import { openDb } from './db';
import type { SanadDb } from './db';
import { readSetting } from './settings';
import { createVault } from './vault';
import { LAST_BACKUP_KEY } from '../app/backup-reminder';
import { BACKUP_REGISTER_KEY, REGISTER_MAX, asRegister, capped, isDue, purgesSince, registerLines, withDestroyed, withMade, withVerified } from './backup-register';
import type { RegisteredBackup } from './backup-register';

const cal = DEFAULT_CALENDAR; // Morocco: UTC+1 in November
const policy = DEFAULT_RETENTION; // backupDays: 90
const DAY = 86_400_000;
const at = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();

const NOV3 = '2026-11-03T09:00:00.000Z'; // Tuesday 3 November 2026, 10:00 in Morocco
const file = (createdAt: string, more: Partial<RegisteredBackup> = {}): RegisteredBackup => ({ name: `sanad-backup-${createdAt.slice(0, 10)}.sanad`, createdAt, cases: 3, events: 40, ...more });
const checked = (createdAt: string, more: Partial<RegisteredBackup> = {}) => file(createdAt, { verifiedAt: at(createdAt, 0.001), ...more });
const kinds = (register: RegisteredBackup[], purgeDays: string[], now: string) => registerLines(register, purgeDays, policy, cal, now).map((l) => [l.file.createdAt, l.status]);

describe('the register of backup files: what is written', () => {
  it('a file made is remembered unchecked, oldest first; checked, it is marked with the time of the check', () => {
    const later = at(NOV3, 7);
    let register = withMade([], { name: 'b.sanad', createdAt: later, cases: 4, events: 50 });
    register = withMade(register, { name: 'a.sanad', createdAt: NOV3, cases: 3, events: 40 });
    expect(register.map((e) => [e.name, e.verifiedAt])).toEqual([
      ['a.sanad', undefined],
      ['b.sanad', undefined],
    ]);
    register = withVerified(register, { name: 'b.sanad', createdAt: later, cases: 4, events: 50 }, at(later, 0.01));
    expect(register[1]).toEqual({ name: 'b.sanad', createdAt: later, cases: 4, events: 50, verifiedAt: at(later, 0.01) });
    expect(register[0]!.verifiedAt).toBeUndefined();
  });

  it('a file checked that the register does not hold (made before the register existed) is added, checked', () => {
    const register = withVerified([], { name: 'old.sanad', createdAt: NOV3, cases: 1, events: 9 }, at(NOV3, 0.01));
    expect(register).toEqual([{ name: 'old.sanad', createdAt: NOV3, cases: 1, events: 9, verifiedAt: at(NOV3, 0.01) }]);
  });

  it('a destruction records who said so, as typed; the first record stands; an unknown file or no name is refused', () => {
    const register = [checked(NOV3), checked(at(NOV3, 100))];
    const marked = withDestroyed(register, NOV3, at(NOV3, 101), '  Mme Alaoui, surveillante générale ');
    expect(marked[0]!.destroyed).toEqual({ at: at(NOV3, 101), by: 'Mme Alaoui, surveillante générale' });
    expect(marked[1]!.destroyed).toBeUndefined();
    expect(withDestroyed(marked, NOV3, at(NOV3, 102), 'Someone else')[0]!.destroyed).toEqual({ at: at(NOV3, 101), by: 'Mme Alaoui, surveillante générale' });
    expect(() => withDestroyed(register, at(NOV3, 5), at(NOV3, 101), 'Head')).toThrow(/no backup file/);
    expect(() => withDestroyed(register, NOV3, at(NOV3, 101), '   ')).toThrow(/who did it/);
  });

  it('what is stored is read entry by entry: a damaged entry is left out, not the whole register', () => {
    const stored: unknown = [checked(NOV3), { name: 'x.sanad', createdAt: 'not a time', cases: 1, events: 1 }, { name: 'y.sanad' }, 'junk', file(at(NOV3, -1), { destroyed: { at: NOV3, by: '' } })];
    expect(asRegister(stored).map((e) => [e.createdAt, e.destroyed])).toEqual([
      [at(NOV3, -1), undefined],
      [NOV3, undefined],
    ]);
    expect(asRegister(null)).toEqual([]);
    expect(asRegister({ not: 'a list' })).toEqual([]);
  });

  it(`holds at most ${REGISTER_MAX} files: the oldest destroyed ones go first, then the oldest not destroyed`, () => {
    const made = Array.from({ length: REGISTER_MAX }, (_, i) => checked(at(NOV3, i)));
    // Files 0-9 destroyed: history only.
    const withHistory = made.map((e, i) => (i < 10 ? { ...e, destroyed: { at: at(NOV3, 200), by: 'Head' } } : e));
    const full = capped([...withHistory, checked(at(NOV3, 300)), checked(at(NOV3, 301)), checked(at(NOV3, 302))]);
    expect(full).toHaveLength(REGISTER_MAX);
    expect(full.filter((e) => e.destroyed).map((e) => e.createdAt)).toEqual([3, 4, 5, 6, 7, 8, 9].map((d) => at(NOV3, d)));
    expect(full.at(-1)!.createdAt).toBe(at(NOV3, 302));
    // No destroyed file left to drop: the oldest file not destroyed goes.
    const alive = withMade(made, { name: 'new.sanad', createdAt: at(NOV3, 400), cases: 1, events: 1 });
    expect(alive).toHaveLength(REGISTER_MAX);
    expect(alive[0]!.createdAt).toBe(at(NOV3, 1));
    expect(alive.at(-1)!.name).toBe('new.sanad');
  });
});

describe('the register of backup files: which to destroy', () => {
  it('purges since a file was made are counted from the school’s local date, a purge on the same local day counting', () => {
    // 23:30 in Morocco on 3 November (22:30 UTC).
    const lateEvening = '2026-11-03T22:30:00.000Z';
    expect(purgesSince(lateEvening, ['2026-11-02', '2026-11-03', '2026-11-05'], cal)).toBe(2);
    // 00:30 in Morocco on 4 November, still 3 November in UTC: a purge on the 3rd came before the file.
    const afterMidnight = '2026-11-03T23:30:00.000Z';
    expect(purgesSince(afterMidnight, ['2026-11-03'], cal)).toBe(0);
    expect(purgesSince(afterMidnight, ['2026-11-03', '2026-11-04'], cal)).toBe(1);
  });

  it('the only checked backup is never to destroy: not when old, not when it holds cases purged since', () => {
    const old = at(NOV3, 200);
    expect(kinds([checked(NOV3)], [], old)).toEqual([[NOV3, { kind: 'keepNewest' }]]);
    expect(kinds([checked(NOV3)], ['2026-11-03', '2027-01-10'], old)).toEqual([[NOV3, { kind: 'keepPurged', purges: 2 }]]);
    // A newer file that was never checked does not replace it.
    const unchecked = file(at(NOV3, 150));
    expect(kinds([checked(NOV3), unchecked], [], old)).toEqual([
      [unchecked.createdAt, { kind: 'keepUnchecked' }],
      [NOV3, { kind: 'keepNewest' }],
    ]);
  });

  it('a newer checked backup marked destroyed no longer exists to restore from: the older one is kept', () => {
    const newer = checked(at(NOV3, 95), { destroyed: { at: at(NOV3, 96), by: 'Head' } });
    expect(kinds([checked(NOV3), newer], [], at(NOV3, 100))).toEqual([
      [newer.createdAt, { kind: 'destroyed', at: at(NOV3, 96), by: 'Head' }],
      [NOV3, { kind: 'keepNewest' }],
    ]);
  });

  it('a newer checked backup that left cases out (it could not vouch for them) is not a whole copy: the older one is kept', () => {
    const partial = checked(at(NOV3, 95), { skipped: 1, cases: 2 });
    expect(kinds([checked(NOV3), partial], [], at(NOV3, 100))).toEqual([
      [partial.createdAt, { kind: 'keepUnchecked' }],
      [NOV3, { kind: 'keepNewest' }],
    ]);
    expect(asRegister([partial])[0]!.skipped).toBe(1);
  });

  it('older than the backup period with a newer checked backup: destroy; until then, kept until the day it will be', () => {
    const register = [checked(NOV3), checked(at(NOV3, 30))];
    expect(kinds(register, [], at(NOV3, 89))).toEqual([
      [at(NOV3, 30), { kind: 'keepNewest' }],
      [NOV3, { kind: 'keepUntil', from: at(NOV3, 90) }],
    ]);
    expect(kinds(register, [], at(NOV3, 90))).toEqual([
      [at(NOV3, 30), { kind: 'keepNewest' }],
      [NOV3, { kind: 'destroyOld', days: 90 }],
    ]);
    // The school's period, not the default: 30 days.
    const lines = registerLines(register, [], { ...policy, backupDays: 30 }, cal, at(NOV3, 31));
    expect(lines.map((l) => l.status)).toEqual([{ kind: 'keepNewest' }, { kind: 'destroyOld', days: 30 }]);
  });

  it('a purge since it was made, the same local day included, makes a file due at once once a newer checked one exists', () => {
    const register = [checked(NOV3), checked(at(NOV3, 1))];
    // Purged on 3 November, the day the first file was made (at 10:00): it may have come after.
    expect(kinds(register, ['2026-11-03'], at(NOV3, 2))).toEqual([
      [at(NOV3, 1), { kind: 'keepNewest' }],
      [NOV3, { kind: 'destroyPurged', purges: 1 }],
    ]);
    // A purge the day before the file: not in it.
    expect(kinds(register, ['2026-11-02'], at(NOV3, 2))[1]).toEqual([NOV3, { kind: 'keepUntil', from: at(NOV3, 90) }]);
  });

  it('counts the files due, as home does, leaving out the destroyed ones', () => {
    const register = [checked(NOV3), checked(at(NOV3, 1)), checked(at(NOV3, 2), { destroyed: { at: at(NOV3, 3), by: 'Head' } }), checked(at(NOV3, 100))];
    const due = registerLines(register, [], policy, cal, at(NOV3, 101)).filter((l) => isDue(l.status));
    expect(due.map((l) => l.file.createdAt)).toEqual([at(NOV3, 1), NOV3]);
  });
});

describe('the register’s messages', () => {
  const fill = (lang: 'ar' | 'fr' | 'en', key: keyof (typeof UI)['en'], count: number, vars: Record<string, string> = {}) => formatStrict(UI[lang][key], { count, days: count, cases: count, events: count, ...vars }, lang);

  it('home’s reminder counts files in good Arabic, French and English', () => {
    const counts = [1, 2, 3, 11, 100];
    expect(counts.map((n) => fill('ar', 'backup.toDestroy', n))).toEqual([
      'يجب إتلاف نسخة احتياطية واحدة.',
      'يجب إتلاف نسختين احتياطيتين.',
      'يجب إتلاف 3 نسخ احتياطية.',
      'يجب إتلاف 11 نسخةً احتياطية.',
      'يجب إتلاف 100 نسخة احتياطية.',
    ]);
    expect(counts.map((n) => fill('fr', 'backup.toDestroy', n))).toEqual([
      '1 fichier de sauvegarde est à détruire.',
      '2 fichiers de sauvegarde sont à détruire.',
      '3 fichiers de sauvegarde sont à détruire.',
      '11 fichiers de sauvegarde sont à détruire.',
      '100 fichiers de sauvegarde sont à détruire.',
    ]);
    expect(counts.map((n) => fill('en', 'backup.toDestroy', n))).toEqual([
      '1 backup file should be destroyed.',
      '2 backup files should be destroyed.',
      '3 backup files should be destroyed.',
      '11 backup files should be destroyed.',
      '100 backup files should be destroyed.',
    ]);
  });

  it('every counted status reads whole in every language, with the forms each grammar needs', () => {
    const keys = ['backup.register.made', 'backup.register.keepPurged', 'backup.register.destroyPurged', 'backup.register.destroyOld', 'backup.toDestroy'] as const;
    const wrong: string[] = [];
    for (const lang of ['ar', 'fr', 'en'] as const) {
      for (const key of keys) {
        for (const n of [1, 2, 3, 11, 100]) {
          const out = fill(lang, key, n, { when: 'WHEN' });
          // Arabic writes one and two in words (ملف واحد, ملفان): no digit then.
          const digits = !(lang === 'ar' && n <= 2);
          if (/[{}#]|\(s\)/.test(out) || (digits && !out.includes(String(n)))) wrong.push(`${lang}:${key}:${n}: ${out}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(fill('ar', 'backup.register.destroyOld', 90)).toContain('أكثر من 90 يومًا');
    expect(fill('fr', 'backup.register.destroyOld', 90)).toContain('plus de 90 jours');
  });
});

describe('the register as the backup worker writes it', () => {
  const opened: SanadDb[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) {
      db.close();
      await db.delete().catch(() => undefined);
    }
  });

  it('a file made is entered, its check marks it (with "Backup OK" in the same write), a destruction is recorded', async () => {
    const db = openDb('backup-register-jobs');
    opened.push(db);
    await db.open();
    const { keys } = await createVault(db, 'backup register test passphrase', NOV3);
    const [first, ...rest] = scenarioEvents('shared-concern-resolved');
    await createCase(db, keys, 'c-1', first!, cal);
    for (const e of rest) await appendEvent(db, keys, 'c-1', e, cal);
    const events = rest.length + 1;
    const made = await runJob({ op: 'make', dbName: db.name, keys, now: NOV3, register: { key: BACKUP_REGISTER_KEY, name: 'sanad-backup-2026-11-03.sanad' } });
    if (made.op !== 'make') throw new Error('not a backup');
    expect(asRegister(await readSetting(db, keys, BACKUP_REGISTER_KEY))).toEqual([{ name: 'sanad-backup-2026-11-03.sanad', createdAt: NOV3, cases: 1, events }]);

    const checkedAt = at(NOV3, 0.001);
    const check = await runJob({ op: 'check', dbName: db.name, keys, file: made.blob, record: { key: LAST_BACKUP_KEY, createdAt: NOV3, at: checkedAt, register: { key: BACKUP_REGISTER_KEY, name: 'sanad-backup-2026-11-03.sanad' } } });
    expect(check).toMatchObject({ op: 'check', verifiedAt: checkedAt });
    expect(await readSetting(db, keys, LAST_BACKUP_KEY)).toEqual({ verifiedAt: checkedAt, createdAt: NOV3, cases: 1, events });
    expect(asRegister(await readSetting(db, keys, BACKUP_REGISTER_KEY))[0]!.verifiedAt).toBe(checkedAt);

    await runJob({ op: 'destroyed', dbName: db.name, keys, register: BACKUP_REGISTER_KEY, createdAt: NOV3, at: at(NOV3, 91), by: 'Head of school' });
    expect(asRegister(await readSetting(db, keys, BACKUP_REGISTER_KEY))[0]!.destroyed).toEqual({ at: at(NOV3, 91), by: 'Head of school' });
    await expect(runJob({ op: 'destroyed', dbName: db.name, keys, register: BACKUP_REGISTER_KEY, createdAt: at(NOV3, 1), at: at(NOV3, 91), by: 'Head' })).rejects.toThrow(/no backup file/);
  });
});
