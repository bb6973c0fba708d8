/**
 * Catalog messages: `{name}` placeholders and ICU plurals, `{count, plural, =0 {…} one {…} two {…} few {…}
 * many {…} other {…}}`, where `#` stands for the number. The plural category comes from the browser's own
 * CLDR rules (`Intl.PluralRules`), so Arabic gets its six forms without a plural library in the bundle
 * (docs/decisions/0017-messages-and-plurals.md). Only the subset the catalogs use is read; a catalog test
 * (tests/i18n-plurals.test.ts) refuses any message this reader cannot parse, so the app never shows one.
 */

const CATEGORIES = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);
const rules = new Map<string, Intl.PluralRules>();

/** Darija counts as Arabic does (six forms); browsers have no `ary` rules and would use English's. */
const PLURAL_LOCALE: Readonly<Record<string, string>> = { ary: 'ar' };

function pluralRules(lang: string): Intl.PluralRules {
  let r = rules.get(lang);
  if (!r) rules.set(lang, (r = new Intl.PluralRules(PLURAL_LOCALE[lang] ?? lang)));
  return r;
}

export class MessageSyntaxError extends Error {}

/** The index of the `}` closing the `{` at `open`. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  throw new MessageSyntaxError(`unbalanced "{" at ${open} in: ${text}`);
}

export interface Plural {
  name: string;
  branches: Map<string, string>;
}

/** `name, plural, sel {…} sel {…}` (the inside of the braces), or null if it is not a plural. */
export function parsePlural(inner: string): Plural | null {
  const head = /^\s*(\w+)\s*,\s*plural\s*,/.exec(inner);
  if (!head) return null;
  const branches = new Map<string, string>();
  let i = head[0].length;
  for (;;) {
    while (i < inner.length && /\s/.test(inner[i]!)) i++;
    if (i >= inner.length) break;
    const sel = /^(=\d+|[a-z]+)\s*\{/.exec(inner.slice(i));
    if (!sel) throw new MessageSyntaxError(`expected a plural branch at "${inner.slice(i, i + 20)}"`);
    const selector = sel[1]!;
    if (!selector.startsWith('=') && !CATEGORIES.has(selector)) throw new MessageSyntaxError(`unknown plural category "${selector}"`);
    if (branches.has(selector)) throw new MessageSyntaxError(`plural branch "${selector}" given twice`);
    const open = i + sel[0].length - 1;
    const close = closing(inner, open);
    branches.set(selector, inner.slice(open + 1, close));
    i = close + 1;
  }
  if (!branches.has('other')) throw new MessageSyntaxError(`plural "${head[1]}" has no "other" branch`);
  return { name: head[1]!, branches };
}

function chooseBranch(plural: Plural, n: number, lang: string): string {
  return plural.branches.get(`=${n}`) ?? plural.branches.get(pluralRules(lang).select(n)) ?? plural.branches.get('other')!;
}

/** Fills a message strictly: throws MessageSyntaxError on a message the catalogs must not contain. */
export function formatStrict(text: string, vars: Readonly<Record<string, string | number>>, lang: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, open);
    const close = closing(text, open);
    const inner = text.slice(open + 1, close);
    const plural = parsePlural(inner);
    if (plural) {
      const raw = vars[plural.name];
      const n = typeof raw === 'number' ? raw : Number(raw);
      if (raw === undefined || !Number.isFinite(n)) {
        out += text.slice(open, close + 1);
      } else {
        out += formatStrict(chooseBranch(plural, n, lang).replace(/#/g, String(raw)), vars, lang);
      }
    } else if (/^\w+$/.test(inner)) {
      const value = vars[inner];
      out += value === undefined ? `{${inner}}` : String(value);
    } else {
      throw new MessageSyntaxError(`unreadable placeholder "{${inner}}" in: ${text}`);
    }
    i = close + 1;
  }
  return out;
}

/** Fills a message; a message the reader cannot parse is shown as written rather than breaking the page. */
export function formatMessage(text: string, vars: Readonly<Record<string, string | number>>, lang: string): string {
  try {
    return formatStrict(text, vars, lang);
  } catch (err) {
    if (err instanceof MessageSyntaxError) return text;
    throw err;
  }
}

/** The placeholders a message uses (plural arguments included), to compare languages. */
export function placeholdersOf(text: string): Set<string> {
  const names = new Set<string>();
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0) break;
    const close = closing(text, open);
    const inner = text.slice(open + 1, close);
    const plural = parsePlural(inner);
    if (plural) {
      names.add(plural.name);
      for (const branch of plural.branches.values()) for (const n of placeholdersOf(branch)) names.add(n);
    } else names.add(inner);
    i = close + 1;
  }
  return names;
}
