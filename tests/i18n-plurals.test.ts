import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../protocol/text';
import type { Language } from '../protocol/text';
import { FORM_TEXT } from '../src/i18n/form-text';
import { formatStrict, parsePlural, placeholdersOf } from '../src/i18n/message';
import { TRAINING_TEXT } from '../src/i18n/training-text';
import { UI } from '../src/i18n/ui-catalogs';
import { PDF_TEXT } from '../src/pdf/pdf-text';
import { catalog } from '../protocol/text';

const CATALOGS: Record<string, (lang: Language) => Readonly<Record<string, string>>> = {
  ui: (l) => UI[l],
  training: (l) => TRAINING_TEXT[l],
  form: (l) => FORM_TEXT[l],
  pdf: (l) => PDF_TEXT[l],
  protocol: (l) => catalog(l),
};

/** Every message that shows a count beside a noun, with the count's placeholder(s). */
const COUNTED: Record<string, Record<string, string[]>> = {
  ui: {
    'lock.restored': ['count'],
    'case.altered.unreadable': ['count'],
    'home.missingCases': ['count'],
    'vault.upgradeFlagged': ['count'],
    'vault.nextWait': ['seconds'],
    'vault.waiting': ['seconds'],
    'backup.ok': ['cases', 'events'],
    'backup.checked': ['cases', 'events'],
    'backup.skipped': ['count'],
    'backup.addedMeanwhile': ['count'],
    'chain.ok': ['events'],
    'transfer.imported': ['added'],
    'backup.register.made': ['cases', 'events'],
    'backup.register.keepPurged': ['count'],
    'backup.register.destroyPurged': ['count'],
    'backup.register.destroyOld': ['days'],
    'backup.toDestroy': ['count'],
  },
  training: { 'training.events': ['n'], 'training.decisions': ['n'] },
};

/** The forms each language's grammar needs: Arabic's six (zero may be written `=0`), French's and English's two. */
const NEEDED: Record<Language, string[]> = { ar: ['one', 'two', 'few', 'many', 'other'], fr: ['one', 'other'], en: ['one', 'other'] };

/** The plural arguments of a message, top level and nested. */
function plurals(text: string): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const walk = (t: string) => {
    for (let i = t.indexOf('{'); i >= 0; i = t.indexOf('{', i + 1)) {
      let depth = 0;
      let j = i;
      for (; j < t.length; j++) {
        if (t[j] === '{') depth++;
        else if (t[j] === '}' && --depth === 0) break;
      }
      const p = parsePlural(t.slice(i + 1, j));
      if (p) {
        found.set(p.name, new Set([...(found.get(p.name) ?? []), ...p.branches.keys()]));
        for (const b of p.branches.values()) walk(b);
      }
      i = j;
    }
  };
  walk(text);
  return found;
}

describe('catalog messages', () => {
  it('every message of every catalog in every language is one the reader parses', () => {
    const bad: string[] = [];
    for (const [name, get] of Object.entries(CATALOGS)) {
      for (const lang of LANGUAGES) {
        for (const [key, text] of Object.entries(get(lang))) {
          try {
            formatStrict(text, {}, lang);
          } catch (err) {
            bad.push(`${name}:${lang}:${key}: ${(err as Error).message}`);
          }
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('every counted message uses a plural on its count, with the forms its language needs', () => {
    const missing: string[] = [];
    for (const [name, keys] of Object.entries(COUNTED)) {
      for (const lang of LANGUAGES) {
        for (const [key, vars] of Object.entries(keys)) {
          const text = CATALOGS[name]!(lang)[key];
          if (text === undefined) {
            missing.push(`${name}:${lang}:${key}: no such message`);
            continue;
          }
          const found = plurals(text);
          for (const v of vars) {
            const forms = found.get(v);
            if (!forms) {
              missing.push(`${name}:${lang}:${key}: {${v}} is not a plural`);
              continue;
            }
            const lacking = NEEDED[lang].filter((f) => !forms.has(f));
            if (lang === 'ar' && !forms.has('zero') && !forms.has('=0')) lacking.push('zero');
            if (lacking.length) missing.push(`${name}:${lang}:${key}: {${v}} lacks ${lacking.join(', ')}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('counted messages read whole for 0, 1, 2, 3, 11 and 100: nothing left in braces, no "(s)"', () => {
    const wrong: string[] = [];
    for (const [name, keys] of Object.entries(COUNTED)) {
      for (const lang of LANGUAGES) {
        for (const [key, vars] of Object.entries(keys)) {
          const text = CATALOGS[name]!(lang)[key]!;
          const others = Object.fromEntries([...placeholdersOf(text)].map((p) => [p, 'X']));
          for (const n of [0, 1, 2, 3, 11, 100]) {
            const out = formatStrict(text, { ...others, ...Object.fromEntries(vars.map((v) => [v, n])) }, lang);
            if (/[{}]|\(s\)|\(e\)/.test(out)) wrong.push(`${name}:${lang}:${key} at ${n}: ${out}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  // Whole sentences written out by hand in each language, so the forms chosen are checked against the grammar
  // and not against the reader's own idea of it.
  it('the training library counts decisions in good Arabic, French and English', () => {
    const at = (lang: Language) => [0, 1, 2, 3, 11, 100].map((n) => formatStrict(TRAINING_TEXT[lang]['training.decisions'], { n }, lang));
    expect(at('ar')).toEqual(['لا قرارات', 'قرار واحد', 'قراران', '3 قرارات', '11 قرارًا', '100 قرار']);
    expect(at('fr')).toEqual(['0 décision', '1 décision', '2 décisions', '3 décisions', '11 décisions', '100 décisions']);
    expect(at('en')).toEqual(['0 decisions', '1 decision', '2 decisions', '3 decisions', '11 decisions', '100 decisions']);
  });
});
