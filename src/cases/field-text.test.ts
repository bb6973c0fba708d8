import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_FIELDS } from '../../machines/events';
import type { CaseEvent, CaseEventType } from '../../machines/events';
import { replay } from '../../machines/replay';
import { LANGUAGES } from '../../protocol/text';
import { makeI18n } from '../app/i18n';
import { loadWording } from '../i18n/wording';
import { eventDetails, optionText } from './field-text';

const scenarios = readdirSync('protocol/scenarios')
  .filter((f) => f.endsWith('.json'))
  .map((f) => (JSON.parse(readFileSync(`protocol/scenarios/${f}`, 'utf8')) as { steps: { event: CaseEvent }[] }).steps.map((s) => s.event));

describe('the chronology in plain words', () => {
  it('has words for every value of every choice of every event, in the three languages (a missing one throws)', async () => {
    let values = 0;
    for (const lang of LANGUAGES) {
      const i18n = makeI18n(lang, await loadWording(lang), () => {});
      for (const [type, fields] of Object.entries(EVENT_FIELDS) as [CaseEventType, (typeof EVENT_FIELDS)[CaseEventType]][]) {
        for (const [name, spec] of Object.entries(fields)) {
          if (spec.t !== 'enum' && spec.t !== 'enumArray') continue;
          for (const v of spec.values) {
            values++;
            expect(optionText(i18n, type, name, v), `${lang} ${type}.${name}=${v}`).not.toMatch(/^(opt|field)\./);
          }
        }
      }
    }
    expect(values).toBeGreaterThan(100);
  });

  it('names what every event of the library recorded, in the three languages, with no raw key or id', async () => {
    let lines = 0;
    for (const lang of LANGUAGES) {
      const i18n = makeI18n(lang, await loadWording(lang), () => {});
      for (const events of scenarios) {
        const ctx = replay(events).context;
        for (const event of events) {
          for (const { label, value } of eventDetails(i18n, event, ctx)) {
            lines++;
            // A missing translation comes back as its key ("field.x", "opt.y.z"); an id as "p1", "ref-…".
            expect({ type: event.type, label }).not.toEqual({ type: event.type, label: expect.stringMatching(/^(field|opt)\./) });
            expect({ type: event.type, value }).not.toEqual({ type: event.type, value: expect.stringMatching(/^(field|opt)\.|^(p\d+|ev-|ref-|party-|evidence-|referral-)/) });
          }
        }
      }
    }
    expect(lines).toBeGreaterThan(1000);
  });

  it('shows the note written when the parents were informed, and who the record is about, typed text marked as typed', async () => {
    const i18n = makeI18n('en', await loadWording('en'), () => {});
    const ctx = { parties: [{ id: 'p1', pseudonym: 'Pupil A' }], evidence: [], referrals: [] } as never;
    const details = eventDetails(i18n, { type: 'parent.notify', at: '2026-11-03T09:00:00Z', by: 'Lead', partyId: 'p1', means: 'phone', note: 'Mother called back at 17:00' }, ctx);
    // What people typed (a pseudonym, a note) is marked as such; the app's words for a choice are not.
    expect(details).toEqual([
      { label: 'Person', value: 'Pupil A', typed: true },
      { label: expect.any(String), value: 'Phone', typed: false },
      { label: expect.any(String), value: 'Mother called back at 17:00', typed: true },
    ]);
  });
});
