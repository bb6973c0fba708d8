import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../protocol/channels';
import { PARTIAL_LANGUAGES } from '../protocol/languages';
import { catalog } from '../protocol/text';
import { formatStrict, placeholdersOf } from '../src/i18n/message';
import { PARTIAL_CATALOGS } from '../src/i18n/partial';
import { UI } from '../src/i18n/ui-catalogs';
import { PDF_TEXT } from '../src/pdf/pdf-text';

/**
 * The partial catalogs (docs/decisions/0020): Darija and Tamazight hold some keys only, but each key they hold
 * is a real one (English has it), with English's placeholders, a message the reader parses, in the language's
 * own script; the screens they promise are complete; and the README lists every string not reviewed by a
 * native speaker, so machine-made wording is never presented as reviewed.
 */
const ENGLISH = { ui: UI.en, protocol: catalog('en'), pdf: PDF_TEXT.en } as const;
type Namespace = keyof typeof ENGLISH;
const NAMESPACES = Object.keys(ENGLISH) as Namespace[];

/** Latin words a Tifinagh or Arabic string may carry: names of organisations and apps, and a button's label. */
const PROPER_NAMES = ['EMC', 'Espace Maroc Cyberconfiance', 'SAMU', 'ONDE', 'WhatsApp', 'Signaler'];
const SCRIPT = { Tfng: /\p{Script=Tifinagh}/u, Arab: /\p{Script=Arabic}/u } as const;

const entries = (lang: (typeof PARTIAL_LANGUAGES)[number]) =>
  NAMESPACES.flatMap((ns) => Object.entries(PARTIAL_CATALOGS[lang][ns] as Readonly<Record<string, string>>).map(([key, text]) => ({ ns, key, text, id: `${ns}:${key}` })));

describe('partial catalogs', () => {
  for (const lang of PARTIAL_LANGUAGES) {
    const cat = PARTIAL_CATALOGS[lang];

    it(`${lang}: every key exists in English, with English's placeholders, and parses`, () => {
      const problems: string[] = [];
      for (const { ns, key, text, id } of entries(lang)) {
        const source = (ENGLISH[ns] as Readonly<Record<string, string>>)[key];
        if (source === undefined) {
          problems.push(`${id}: no such key in English`);
          continue;
        }
        if (text.trim() === '') problems.push(`${id}: empty`);
        if ([...placeholdersOf(text)].sort().join() !== [...placeholdersOf(source)].sort().join()) problems.push(`${id}: placeholders differ from English`);
        try {
          formatStrict(text, { count: 3, n: 3 }, lang);
        } catch (err) {
          problems.push(`${id}: ${(err as Error).message}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it(`${lang}: every letter is in its script (${cat.meta.script}), proper names aside`, () => {
      const foreign = entries(lang).flatMap(({ id, text }) => {
        // A lone capital is a label the protocol gives in every language: its tracks A and B.
        const rest = PROPER_NAMES.reduce((t, name) => t.split(name).join(' '), text.replace(/\{\w+\}/g, ' ')).replace(/(?<![\p{L}])[AB](?![\p{L}])/gu, ' ');
        const letters = [...rest].filter((c) => /\p{L}/u.test(c) && !SCRIPT[cat.meta.script].test(c));
        return letters.length ? [`${id}: ${letters.join('')}`] : [];
      });
      expect(foreign).toEqual([]);
    });

    it(`${lang}: has the whole emergency screen`, () => {
      const urgent = CHANNELS.filter((c) => c.urgent).map((c) => `channel.${c.id}.name`);
      expect(urgent.filter((k) => !(k in cat.protocol))).toEqual([]);
      for (const key of ['emergency.title', 'emergency.intro', 'emergency.call', 'nav.emergency', 'lang.fallbackNote', 'lang.unreviewed'] as const) expect(cat.ui[key], `ui:${key}`).toBeTruthy();
    });

    it(`${lang}: its review marks and doubts name keys it has`, () => {
      const ids = new Set(entries(lang).map((e) => e.id));
      expect([...cat.meta.reviewed, ...Object.keys(cat.meta.doubts)].filter((id) => !ids.has(id))).toEqual([]);
    });

    it(`${lang}: the README lists exactly its strings not reviewed by a native speaker`, () => {
      const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
      const line = readme.split('\n').find((l) => l.startsWith(`- \`${lang}\` not reviewed:`));
      expect(line, `README: a line "- \`${lang}\` not reviewed: …"`).toBeDefined();
      const listed = [...line!.matchAll(/`([a-z]+:[^`]+)`/g)].map((m) => m[1]!).sort();
      const unreviewed = entries(lang).map((e) => e.id).filter((id) => !cat.meta.reviewed.includes(id)).sort();
      expect(listed).toEqual(unreviewed);
    });
  }
});
