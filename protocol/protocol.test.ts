import { describe, expect, it } from 'vitest';
import { AUTHORITY_FOR } from './authority';
import { CHANNELS, channelsFor } from './channels';
import { CLOSURE_ALLOWED_FROM, CLOSURE_REASONS } from './closure';
import { DEADLINES } from './deadlines';
import { SEVERITY_LEVELS } from './severity';
import { STEP_IDS, STEPS } from './steps';
import { LANGUAGES, catalog, requiredTextKeys } from './text';
import { TRIGGER_IDS } from './triggers';
import { CATEGORIES, CATEGORY_CODES, impliedTriggers, suggestedLevel } from './typology';

describe('protocol wording', () => {
  const keys = requiredTextKeys();

  it.each(LANGUAGES)('every protocol id has a non-empty %s text', (lang) => {
    const missing = keys.filter((k) => !(catalog(lang)[k] ?? '').trim());
    expect(missing).toEqual([]);
  });

  it('the three catalogs have exactly the same keys, and none is unused', () => {
    const [ar, fr, en] = LANGUAGES.map((l) => Object.keys(catalog(l)).sort());
    expect(fr).toEqual(ar);
    expect(en).toEqual(ar);
    const unused = (ar ?? []).filter((k) => !keys.includes(k) && !k.startsWith('action.') && !k.startsWith('event.'));
    expect(unused).toEqual([]);
  });

  it('Arabic texts are written in Arabic script', () => {
    const notArabic = keys.filter((k) => !/[\u0600-\u06FF]/.test(catalog('ar')[k] ?? ''));
    expect(notArabic).toEqual([]);
  });
});

describe('protocol data', () => {
  it('has one step per lifecycle state, each with something to do', () => {
    expect(STEPS.map((s) => s.id)).toEqual([...STEP_IDS]);
    for (const s of STEPS.filter((x) => x.id !== 'closed')) expect(s.todo.length).toBeGreaterThan(0);
  });

  it('the emergency step forbids the shared-concern method', () => {
    expect(STEPS.find((s) => s.id === 'emergencyEscalation')?.never).toContain('useMpp');
  });

  it.each(TRIGGER_IDS)('hard trigger %s has an authority, and the emergency screen lists it', (t) => {
    const channels = channelsFor({ triggers: [t], categories: [], level: 4 }).map((c) => c.id);
    expect(AUTHORITY_FOR[t].length).toBeGreaterThan(0);
    expect(AUTHORITY_FOR[t].filter((c) => channels.includes(c)).length).toBeGreaterThan(0);
  });

  it('no helper service counts as an authority', () => {
    const helpers = ['platformReport', 'listeningCell', 'onde2511', 'emcHelpline', 'iwfPortal', 'samu141', 'civilProtection15'];
    for (const t of TRIGGER_IDS) expect(AUTHORITY_FOR[t].filter((c) => helpers.includes(c))).toEqual([]);
    // The AREF only for a staff member targeted or accused.
    expect(TRIGGER_IDS.filter((t) => AUTHORITY_FOR[t].includes('aref'))).toEqual(['T7']);
  });

  it('has the 15 typology codes with level ranges inside the scale', () => {
    expect(CATEGORIES.map((c) => c.code)).toEqual([...CATEGORY_CODES]);
    expect(CATEGORY_CODES).toHaveLength(15);
    for (const c of CATEGORIES) {
      expect(SEVERITY_LEVELS).toContain(c.minLevel);
      expect(c.maxLevel).toBeGreaterThanOrEqual(c.minLevel);
    }
  });

  it('maps the intimate-image and sextortion categories to their triggers', () => {
    expect(impliedTriggers(['NCII'])).toEqual(['T2']);
    expect(impliedTriggers(['SXT'])).toEqual(['T2', 'T4']);
    expect(impliedTriggers(['HATE'])).toEqual([]); // incitement is asked, not assumed
    expect(suggestedLevel(['EXC', 'DOX'])).toBe(3);
  });

  it('lists urgent phone channels first for a sextortion case, then the other authorities, then who else to contact', () => {
    const ids = channelsFor({ triggers: ['T2', 'T4'], categories: ['SXT', 'NCII'], level: 4 }).map((c) => c.id);
    expect(ids.slice(0, 2)).toEqual(['police19', 'gendarmerie177']);
    expect(ids.slice(2, 4)).toEqual(['prosecutor', 'eBlagh']);
    // T2: the IWF portal and the EMC helpline; T4: a report to the platform; they help, they never replace the
    // police. The listening cell applies to any case from level 2.
    expect(ids.slice(4)).toEqual(['iwfPortal', 'emcHelpline', 'platformReport', 'listeningCell']);
  });

  it('offers for each trigger its authority and who else to contact, and nothing that only looks related', () => {
    const ids = (t: (typeof TRIGGER_IDS)[number]) => channelsFor({ triggers: [t], categories: [], level: 4 }).map((c) => c.id);
    // A child in danger: health first, then the authority, then the child-protection line.
    expect(ids('T1')).toEqual(['samu141', 'civilProtection15', 'police19', 'gendarmerie177', 'prosecutor', 'onde2511', 'listeningCell']);
    // e-Blagh does not count for an adult involved (T3) or threats (T5): it is not offered for them alone.
    expect(ids('T3')).toEqual(['police19', 'gendarmerie177', 'prosecutor', 'listeningCell']);
    expect(ids('T5')).toEqual(['police19', 'gendarmerie177', 'prosecutor', 'listeningCell']);
    // A staff member targeted or accused: the AREF first, the police if the facts are criminal.
    expect(ids('T7')).toEqual(['aref', 'police19', 'gendarmerie177', 'prosecutor', 'listeningCell']);
  });

  it('points a moderate harassment case to the platform and the EMC helpline, not the police', () => {
    const ids = channelsFor({ triggers: [], categories: ['HAR'], level: 2 }).map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['platformReport', 'emcHelpline', 'listeningCell']));
    expect(ids).not.toContain('police19');
  });

  it('keeps the published numbers', () => {
    const tel = (id: string) => CHANNELS.find((c) => c.id === id)?.contacts.find((k) => k.kind === 'tel')?.value;
    expect(tel('police19')).toBe('19');
    expect(tel('gendarmerie177')).toBe('177');
    expect(tel('onde2511')).toBe('2511');
    expect(CHANNELS.find((c) => c.id === 'emcHelpline')?.contacts.find((k) => k.kind === 'whatsapp')?.value).toBe('+212624405889');
  });

  it('has deadlines that are non-negative whole durations, active in real steps', () => {
    for (const d of DEADLINES) {
      expect(Number.isInteger(d.duration.value) && d.duration.value >= 0).toBe(true);
      for (const s of d.activeIn) expect(STEP_IDS).toContain(s);
    }
    const days = Object.fromEntries(DEADLINES.map((d) => [d.id, d.duration]));
    expect(days.trackAResults).toEqual({ unit: 'days', value: 15 });
    expect(days.monitoringCheck).toEqual({ unit: 'schoolDays', value: 20 });
    expect(days.monitoringEnd).toEqual({ unit: 'schoolDays', value: 20 });
    expect(DEADLINES.find((d) => d.id === 'monitoringEnd')?.fromLevel).toEqual({ level: 3, duration: { unit: 'schoolDays', value: 30 } });
  });

  it('lets every closure reason close from at least one step, and RESOLVED only after monitoring', () => {
    for (const r of CLOSURE_REASONS) expect(CLOSURE_ALLOWED_FROM[r].length).toBeGreaterThan(0);
    expect(CLOSURE_ALLOWED_FROM.RESOLVED).toEqual(['monitoring']);
  });
});
