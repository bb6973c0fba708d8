import { describe, expect, it } from 'vitest';
import { replay, stepOf } from '../../machines/replay';
import { reportEvents, reportProblems } from './ReportPage';

const draft = {
  author: ' Mme Idrissi ',
  channel: 'oral' as const,
  reporterRole: 'target' as const,
  parties: [
    { role: 'target' as const, pseudonym: 'Élève K', name: 'Karim B.', className: '3AC-1', ageBand: '13to15' as const },
    { role: 'allegedAuthor' as const, pseudonym: '  ', name: '', className: '', ageBand: '' as const },
  ],
  narrative: 'Il menace de publier ma photo.',
  platforms: ['snapchat' as const],
  firstKnownDate: '2026-11-04',
  actorKind: 'unknown' as const,
};

describe('report form', () => {
  it('turns a complete form into events the machine accepts, up to triage', () => {
    const events = reportEvents(draft, '2026-11-05T13:10:00.000Z');
    expect(events.map((e) => e.type)).toEqual(['case.report', 'party.add', 'intake.submit']);
    expect(events[1]).toMatchObject({ by: 'Mme Idrissi', partyId: 'p1', pseudonym: 'Élève K', name: 'Karim B.', ageBand: '13to15' });
    expect(stepOf(replay(events))).toBe('triage');
    const told = reportEvents({ ...draft, leadInformed: true }, '2026-11-05T13:10:00.000Z');
    expect(told.map((e) => e.type)).toEqual(['case.report', 'party.add', 'lead.inform', 'intake.submit']);
    expect(replay(told).context.leadInformed?.by).toBe('Mme Idrissi');
  });

  it('says what is missing, in the words of the form', () => {
    expect(reportProblems(draft)).toEqual([]);
    expect(reportProblems({ ...draft, author: '', narrative: ' ', channel: '' as never, parties: [] })).toEqual([
      'report.needAuthor',
      'report.needTarget',
      'report.needChannel',
      'report.needNarrative',
    ]);
  });
});
