import { describe, expect, it } from 'vitest';
import { EVENT_FIELDS } from '../../machines/events';
import { LANGUAGES } from '../../protocol/text';
import type { Language } from '../../protocol/text';
import { FORM_TEXT as TYPED } from './form-text';

// Indexed here by keys made from the event fields, as the app does through fData.
const FORM_TEXT = TYPED as Readonly<Record<Language, Readonly<Record<string, string>>>>;

describe('action form wording', () => {
  it('every field of every event has a label in the three languages', () => {
    const names = new Set(Object.values(EVENT_FIELDS).flatMap((f) => Object.keys(f)));
    for (const lang of LANGUAGES) expect([...names].filter((n) => !FORM_TEXT[lang][`field.${n}`])).toEqual([]);
  });

  it('the three languages have the same keys', () => {
    const keys = Object.keys(FORM_TEXT.en).sort();
    expect(Object.keys(FORM_TEXT.ar).sort()).toEqual(keys);
    expect(Object.keys(FORM_TEXT.fr).sort()).toEqual(keys);
  });

  it('every option of the plain enumerations has a label', () => {
    const plain: Record<string, string> = {
      informed: 'informed',
      disposition: 'disposition',
      status: 'status',
      decision: 'decision',
      means: 'means',
      track: 'track',
      targetReport: 'targetReport',
      answer: 'answer',
    };
    for (const fields of Object.values(EVENT_FIELDS)) {
      for (const [name, spec] of Object.entries(fields)) {
        if (!(name in plain) || spec.t !== 'enum') continue;
        for (const lang of LANGUAGES) for (const v of spec.values) expect(FORM_TEXT[lang][`opt.${plain[name]}.${v}`], `${lang} opt.${name}.${v}`).toBeTruthy();
      }
    }
  });
});

describe('action names', () => {
  it('every event type is named by a verb in the three languages', () => {
    for (const lang of LANGUAGES) expect(Object.keys(EVENT_FIELDS).filter((type) => !FORM_TEXT[lang][`verb.${type}`])).toEqual([]);
  });
});
