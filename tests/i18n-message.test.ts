import { describe, expect, it } from 'vitest';
import { formatMessage, formatStrict, MessageSyntaxError } from '../src/i18n/message';

// Expected words are written out by hand from each language's grammar, not computed from Intl: the reader must
// pick Arabic's six forms (0 zero, 1 one, 2 two, 3–10 few, 11–99 many, 100–102 other), French's "0 and 1 are
// singular" and English's "1 only".
const AR = '{n, plural, zero {لا ملفات} one {ملف واحد} two {ملفان} few {# ملفات} many {# ملفًا} other {# ملف}}';
const FR = '{n, plural, one {# dossier} other {# dossiers}}';
const EN = '{n, plural, one {# case} other {# cases}}';

describe('catalog messages: plurals', () => {
  const counts = [0, 1, 2, 3, 11, 100];
  it('Arabic: 0, 1, 2, 3, 11 and 100 take the zero, one, two, few, many and other forms', () => {
    expect(counts.map((n) => formatMessage(AR, { n }, 'ar'))).toEqual(['لا ملفات', 'ملف واحد', 'ملفان', '3 ملفات', '11 ملفًا', '100 ملف']);
  });
  it('French: 0 and 1 are singular, 2 and up plural', () => {
    expect(counts.map((n) => formatMessage(FR, { n }, 'fr'))).toEqual(['0 dossier', '1 dossier', '2 dossiers', '3 dossiers', '11 dossiers', '100 dossiers']);
  });
  it('English: only 1 is singular', () => {
    expect(counts.map((n) => formatMessage(EN, { n }, 'en'))).toEqual(['0 cases', '1 case', '2 cases', '3 cases', '11 cases', '100 cases']);
  });
  it('an exact =N branch wins over the category, and a count given as a string works', () => {
    const m = '{n, plural, =0 {none} one {# item} other {# items}}';
    expect([formatMessage(m, { n: '0' }, 'en'), formatMessage(m, { n: '1' }, 'en'), formatMessage(m, { n: '7' }, 'en')]).toEqual(['none', '1 item', '7 items']);
  });
  it('placeholders inside a branch and around the plural are filled', () => {
    expect(formatMessage('Checked: {cases, plural, one {# case} other {# cases}} made {when}, by {who}.', { cases: 2, when: 'today', who: 'A' }, 'en')).toBe(
      'Checked: 2 cases made today, by A.',
    );
    expect(formatMessage('{n, plural, one {# event by {who}} other {# events by {who}}}', { n: 1, who: 'B' }, 'en')).toBe('1 event by B');
  });
  it('a missing value leaves its placeholder visible rather than inventing one', () => {
    expect(formatMessage('{a} and {n, plural, one {# x} other {# xs}}', {}, 'en')).toBe('{a} and {n, plural, one {# x} other {# xs}}');
  });
  it('refuses a plural without "other", an unknown category or unbalanced braces; the page shows such a message as written', () => {
    for (const bad of ['{n, plural, one {# x}}', '{n, plural, several {# x} other {# y}}', '{n, plural, one {# x} other {# y}', '{n, select, a {x}}']) {
      expect(() => formatStrict(bad, { n: 1 }, 'en')).toThrow(MessageSyntaxError);
      expect(formatMessage(bad, { n: 1 }, 'en')).toBe(bad);
    }
  });
});
