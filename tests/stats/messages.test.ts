import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../protocol/languages';
import { formatStrict, placeholdersOf } from '../../src/i18n/message';
import { publishedCount, STATS_MESSAGES, statsMessage } from '../../src/stats/messages';
import type { MessageId } from '../../src/stats/messages';

// Expected words are written out by hand from each language's grammar (Arabic: 0 zero, 1 one, 2 two, 3–10 few,
// 11–99 many, 100 other; French: 0 and 1 singular; English: 1 only), not computed from Intl.
const summary = (lang: 'ar' | 'fr' | 'en', n: number) =>
  statsMessage(lang, 'summary', { cases: n, shown: String(n), files: n, period: '2026-2027-T1', cells: n, suppressed: n, withheld: n, tables: n });

describe('messages of the statistics export', () => {
  it('every message parses (strictly) in every language, with the same placeholders as English', () => {
    for (const lang of LANGUAGES) {
      for (const [id, text] of Object.entries(STATS_MESSAGES[lang])) {
        expect(() => formatStrict(text, {}, lang), `${lang}.${id}`).not.toThrow();
        expect([...placeholdersOf(text)].sort(), `${lang}.${id}`).toEqual([...placeholdersOf(STATS_MESSAGES.en[id as MessageId])].sort());
      }
    }
  });

  it('no "(s)" is left: counts are plurals', () => {
    for (const lang of LANGUAGES) for (const text of Object.values(STATS_MESSAGES[lang])) expect(text).not.toMatch(/\(s\)|\(x\)/);
  });

  it('Arabic: 0, 1, 2, 3, 11 and 100 take the six forms of each noun', () => {
    const expected: Record<number, string[]> = {
      0: ['لم تُنشر أي حالة من صفر ملفات', 'لا خانات، منها لا خانة معروضة بصيغة "<10" ولا خانة محجوبة', 'ولا جدول محجوب.'],
      1: ['حالة واحدة منشورة من ملف واحد', 'خانة واحدة، منها خانة واحدة معروضة بصيغة "<10" وخانة واحدة محجوبة', 'وجدول واحد محجوب.'],
      2: ['حالتان منشورتان من ملفين', 'خانتان، منها خانتان معروضتان بصيغة "<10" وخانتان محجوبتان', 'وجدولان محجوبان.'],
      3: ['3 حالات منشورة من 3 ملفات', '3 خانات، منها 3 خانات معروضة بصيغة "<10" و3 خانات محجوبة', 'و3 جداول محجوبة.'],
      11: ['11 حالةً منشورةً من 11 ملفًا', '11 خانةً، منها 11 خانةً معروضةً بصيغة "<10" و11 خانةً محجوبةً', 'و11 جدولًا محجوبًا.'],
      100: ['100 حالة منشورة من 100 ملف', '100 خانة، منها 100 خانة معروضة بصيغة "<10" و100 خانة محجوبة', 'و100 جدول محجوب.'],
    };
    for (const [n, parts] of Object.entries(expected)) {
      const text = summary('ar', Number(n));
      for (const part of parts) expect(text).toContain(part);
    }
    expect([0, 1, 2, 3, 11, 100].map((terms) => statsMessage('ar', 'noSuchTerm', { input: 'x', terms }).split('تضم ')[1])).toEqual([
      'صفر فترات.',
      'فترة واحدة.',
      'فترتين.',
      '3 فترات.',
      '11 فترةً.',
      '100 فترة.',
    ]);
  });

  it('French: 0 and 1 singular, 2 plural', () => {
    expect(summary('fr', 0)).toBe('0 situation publiée, issue de 0 fichier pendant 2026-2027-T1 : 0 cellule, dont 0 affichée « <10 » et 0 masquée, 0 tableau masqué.');
    expect(summary('fr', 1)).toBe('1 situation publiée, issue de 1 fichier pendant 2026-2027-T1 : 1 cellule, dont 1 affichée « <10 » et 1 masquée, 1 tableau masqué.');
    expect(summary('fr', 2)).toBe('2 situations publiées, issues de 2 fichiers pendant 2026-2027-T1 : 2 cellules, dont 2 affichées « <10 » et 2 masquées, 2 tableaux masqués.');
    expect([0, 1, 2].map((terms) => statsMessage('fr', 'noSuchTerm', { input: 'x', terms }).split('compte ')[1])).toEqual(['0 période.', '1 période.', '2 périodes.']);
  });

  it('English: only 1 singular', () => {
    expect(summary('en', 0)).toBe('0 cases published from 0 files in 2026-2027-T1: 0 cells, 0 shown as "<10", 0 withheld, 0 tables withheld.');
    expect(summary('en', 1)).toBe('1 case published from 1 file in 2026-2027-T1: 1 cell, 1 shown as "<10", 1 withheld, 1 table withheld.');
    expect(summary('en', 2)).toBe('2 cases published from 2 files in 2026-2027-T1: 2 cells, 2 shown as "<10", 2 withheld, 2 tables withheld.');
    expect([0, 1, 2].map((terms) => statsMessage('en', 'noSuchTerm', { input: 'x', terms }).split('has ')[1])).toEqual(['0 terms.', '1 term.', '2 terms.']);
  });

  it('a published total of "<10" is shown as such, with the noun of "fewer than 10"', () => {
    const few = (lang: 'ar' | 'fr' | 'en') => statsMessage(lang, 'summary', { cases: publishedCount('<10'), shown: '<10', files: 5, period: 'P', cells: 1, suppressed: 1, withheld: 0, tables: 6 });
    expect(few('en')).toMatch(/^<10 cases published from 5 files in P/);
    expect(few('fr')).toMatch(/^<10 situations publiées, issues de 5 fichiers pendant P/);
    expect(few('ar')).toMatch(/^<10 حالات منشورة من 5 ملفات خلال P/);
    expect([publishedCount('0'), publishedCount('15'), publishedCount(''), publishedCount('<10')]).toEqual([0, 15, 0, 10]);
  });

  it('a value is inserted as it is, never read as a message', () => {
    expect(statsMessage('en', 'badSchool', { school: '{x, plural, other {y}}' })).toContain('"{x, plural, other {y}}"');
  });
});
