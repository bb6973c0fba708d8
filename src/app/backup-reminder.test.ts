import { needsBackup } from './backup-reminder';

const last = { verifiedAt: '2026-11-20T10:00:00.000Z', createdAt: '2026-11-20T09:59:00.000Z', cases: 12, events: 300 };

describe('backup reminder', () => {
  it('asks for a first backup once there is a case, and not before', () => {
    expect(needsBackup(null, 0, 0, '2026-11-20T10:00:00.000Z')).toBe(false);
    expect(needsBackup(null, 1, 0, '2026-11-20T10:00:00.000Z')).toBe(true);
  });

  it('reminds after 7 days or after 20 changed cases, whichever comes first', () => {
    expect(needsBackup(last, 12, 3, '2026-11-27T10:00:00.000Z')).toBe(false);
    expect(needsBackup(last, 12, 3, '2026-11-27T10:00:01.000Z')).toBe(true);
    expect(needsBackup(last, 40, 19, '2026-11-21T10:00:00.000Z')).toBe(false);
    expect(needsBackup(last, 40, 20, '2026-11-21T10:00:00.000Z')).toBe(true);
  });
});
