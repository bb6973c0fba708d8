import { describe, expect, it } from 'vitest';
import { stringsOf } from './setup/catalogs';

/**
 * French typography (docs/glossary.md, conventions): a no-break space U+00A0 before : ; ? ! and inside
 * « guillemets », never an ordinary space and never none; one apostrophe, ’ (U+2019).
 */
const NBSP = '\u00a0';

/** Each typography problem in one French string, as short descriptions. */
export function frenchTypographyProblems(text: string): string[] {
  const problems: string[] = [];
  const show = (i: number) => JSON.stringify(text.slice(Math.max(0, i - 12), i + 4));
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") problems.push(`ASCII apostrophe in ${show(i)}`);
    if (':;?!'.includes(c)) {
      // Punctuation, not a colon inside "14:30", "heures:minutes" or a link: it ends a phrase.
      const next = text[i + 1];
      const ends = next === undefined || /[\s»)"’:;?!.,]/.test(next);
      if (!ends || i === 0 || text[i - 1] === NBSP) continue;
      if (text[i - 1] === ' ' || text[i - 1] === '\u202f') problems.push(`other space before "${c}" in ${show(i)}`);
      else if (!':;?!'.includes(text[i - 1]!)) problems.push(`no no-break space before "${c}" in ${show(i)}`);
    }
    if (c === '«' && text[i + 1] !== NBSP) problems.push(`no no-break space after « in ${show(i)}`);
    if (c === '»' && text[i - 1] !== NBSP) problems.push(`no no-break space before » in ${show(i)}`);
  }
  return problems;
}

describe('French typography', () => {
  const french = stringsOf('fr');

  it('has a no-break space before : ; ? ! and inside « », never an ordinary one', () => {
    const problems = french.flatMap(([key, text]) => frenchTypographyProblems(text).filter((p) => !p.startsWith('ASCII')).map((p) => `${key}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('uses one apostrophe, ’, never \'', () => {
    expect(french.filter(([, text]) => text.includes("'")).map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });

  it('tells punctuation from colons inside words and numbers', () => {
    expect(frenchTypographyProblems('heures:minutes, par ex. 14:30')).toEqual([]);
    expect(frenchTypographyProblems('Tri\u00a0: «\u00a0oui\u00a0» ou «\u00a0non\u00a0»\u00a0?')).toEqual([]);
    expect(frenchTypographyProblems('Tri : « oui»?')).toHaveLength(4);
    expect(frenchTypographyProblems("l'enfant")).toHaveLength(1);
  });
});
