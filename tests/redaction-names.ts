import { array, boolean, constantFrom, integer, nat, tuple } from 'fast-check';

/**
 * Children's names in Latin and Arabic script, and the ways a report actually writes them (case, runs of spaces,
 * accents, one part alone, initials, handles, e-mails, links, Arabic letter variants and hamza forms, a clitic
 * "and"/"to" glued to the name), for the redaction tests (docs/decisions/0008-pdf-text.md).
 *
 * The leak oracle here is written apart from src/pdf/redaction.ts on purpose: this file says what a leak is, the
 * module says how to avoid one. They share only the list of name particles, which are not names on their own.
 */

export interface GenParty {
  id: string;
  /** Name parts as typed in the real-name field, first to last; a party may have its name in both scripts. */
  latin: string[];
  arabic: string[];
}

/** One way of writing a name inside a text: `before` and `after` stay, `core` must become a placeholder. */
export interface Variant {
  party: string;
  kind: 'name' | 'link';
  before: string;
  core: string;
  after: string;
}
export const variantText = (v: Variant) => `${v.before}${v.core}${v.after}`;

/** What the real-name field holds: one script, or both separated by a slash. */
export const nameField = (p: GenParty) => [p.latin.join(' '), p.arabic.join(' ')].filter(Boolean).join(' / ');

// ---------------------------------------------------------------------------------------------------------------
// The oracle's own normalization: the letters a reader would take for the same name.

/** Case, accents, Arabic short vowels and tatweel, alef and hamza forms, ى/ي, ة/ه, presentation forms, Persian ی/ک. */
export function tnorm(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cf}\u0640\u0621]/gu, '')
    .replace(/\u0671/g, '\u0627')
    .replace(/[\u0649\u06cc]/g, '\u064a')
    .replace(/\u0629/g, '\u0647')
    .replace(/\u06a9/g, '\u0643')
    .normalize('NFC');
}
const isArabic = (s: string) => /[\u0600-\u06ff]/.test(s);
/** Conjunctions and prepositions written joined to the next word in Arabic (و ف ب ل ك), alone or two together. */
export const AR_CLITICS = ['و', 'ف', 'ب', 'ل', 'ك', 'وب', 'ول', 'وك', 'فب', 'فل', 'فك'];

/** Every normalized spelling that names the party on its own: each part, and adjacent parts run together. */
export function formsOf(p: GenParty, particles: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const parts of [p.latin, p.arabic]) {
    const n = parts.map(tnorm);
    for (const x of n) {
      if (x.length >= 2 && !particles.has(x)) out.add(x);
      if (x.startsWith('\u0627\u0644') && x.length >= 4 && !particles.has(x.slice(2))) out.add(x.slice(2));
    }
    // Parts run together as a reader may write them: any two in either order (Hä and Med read as "hamed"), and
    // consecutive runs of three or four. The generators keep parties apart on these too, so a name is never ambiguous.
    for (let i = 0; i < n.length; i++) {
      for (let j = 0; j < n.length; j++) if (i !== j) out.add(n[i]! + n[j]!);
      for (let k = i + 3; k <= Math.min(n.length, i + 4); k++) out.add(n.slice(i, k).join(''));
    }
  }
  return [...out];
}

/** The normalized words of a text; the last long text is kept (the generators check every case against it). */
let cached: { text: string; words: ReadonlySet<string> } | undefined;
function wordsOf(text: string): ReadonlySet<string> {
  if (cached?.text === text) return cached.words;
  const words = new Set(tnorm(text).split(/[^\p{L}]+/u).filter(Boolean));
  if (text.length > 1000) cached = { text, words };
  return words;
}

/**
 * The parts of a party's name that can still be read in `text`: a word equal to a part (or, in Arabic, a part
 * with a clitic glued in front), and any word of which a part of four letters or more is a piece (a handle).
 */
export function leaks(text: string, parties: readonly GenParty[], particles: ReadonlySet<string>): string[] {
  const words = wordsOf(text);
  const found: string[] = [];
  for (const p of parties) {
    for (const form of formsOf(p, particles)) {
      const spellings = [form, ...(isArabic(form) && form.length >= 3 ? AR_CLITICS.map((c) => c + form) : []), ...(isArabic(form) ? [`\u0644\u0644${form}`] : [])];
      if (spellings.some((s) => words.has(s)) || (form.length >= 4 && [...words].some((w) => w.includes(form)))) found.push(`${p.id}:${form}`);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// Names.

const LATIN_SYLLABLES = ['sa', 'lma', 'ra', 'hmou', 'ni', 'no', 'hi', 'ba', 'ya', 'ssi', 'ne', 'ka', 'ri', 'mo', 'ha', 'med', 'you', 'ssef', 'zi', 'dou', 'ham', 'bou', 'chra', 'ta', 'fa', 'ti', 'lou', 'za', 'hra', 'ki', 'mi', 'ine', 'dri', 'ma', 'kou', 'ach'];
const ACCENTED: Record<string, string[]> = { a: ['à', 'â', 'á', 'ä'], e: ['é', 'è', 'ê', 'ë'], i: ['î', 'ï', 'í'], o: ['ô', 'ö', 'ó'], u: ['ù', 'û', 'ü'], c: ['ç'], n: ['ñ'] };
const AR_LETTERS = [...'ابتثجحخدذرزسشصضطظعغفقكلمنهوي'];
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Accents on some letters, chosen by `noise`. */
function accent(s: string, noise: readonly number[]): string {
  return [...s].map((ch, i) => (ACCENTED[ch.toLowerCase()] && noise[i % noise.length]! % 3 === 0 ? ACCENTED[ch.toLowerCase()]![noise[(i + 1) % noise.length]! % ACCENTED[ch.toLowerCase()]!.length]! : ch)).join('');
}
const noiseArb = array(nat(1000), { minLength: 16, maxLength: 16 });

export const latinPartArb = (particles: ReadonlySet<string>) =>
  tuple(array(constantFrom(...LATIN_SYLLABLES), { minLength: 1, maxLength: 3 }), boolean(), noiseArb)
    .map(([syl, accented, noise]) => cap(accented ? accent(syl.join(''), noise) : syl.join('')))
    .filter((p) => tnorm(p).length >= 2 && !particles.has(tnorm(p)));

export const arabicPartArb = (particles: ReadonlySet<string>, article: boolean) =>
  tuple(constantFrom('', '', 'أ', 'إ', 'ا', 'آ'), array(constantFrom(...AR_LETTERS), { minLength: 2, maxLength: 4 }), constantFrom('', '', 'ة', 'ى', 'اء', 'ي', 'ئة'), boolean())
    .map(([start, core, end, al]) => `${article && al ? 'ال' : ''}${start}${core.join('')}${end}`)
    .filter((p) => tnorm(p).length >= 2 && !particles.has(tnorm(p)) && !particles.has(tnorm(p).replace(/^\u0627\u0644/, '')));

const partyArb = (id: string, particles: ReadonlySet<string>) =>
  tuple(
    constantFrom('latin', 'arabic', 'both'),
    array(latinPartArb(particles), { minLength: 2, maxLength: 3 }),
    tuple(arabicPartArb(particles, false), arabicPartArb(particles, true)),
  ).map(([scripts, latin, [first, last]]): GenParty => ({ id, latin: scripts === 'arabic' ? [] : latin, arabic: scripts === 'latin' ? [] : [first, last] }));

/**
 * `min` to `max` parties (p1, p2…) whose names are told apart by their normalized spellings (no part of one is a part of
 * another, even with a clitic in front), and none of whose parts is read in `avoid` (the words around them).
 */
export const partiesArb = (particles: ReadonlySet<string>, avoid: string, { min = 1, max = 3 } = {}) =>
  integer({ min, max })
    .chain((n) => tuple(...Array.from({ length: n }, (_, i) => partyArb(`p${i + 1}`, particles))))
    .filter((ps) => distinct(ps, particles) && leaks(avoid, ps, particles).length === 0 && !inLinks(avoid, ps, particles));

/** A part of three letters or more read inside a link or handle of `text` (such a link is withheld whole). */
function inLinks(text: string, ps: readonly GenParty[], particles: ReadonlySet<string>): boolean {
  const links = text.split(/\s+/).filter((w) => /[@/_]/.test(w)).map(tnorm);
  const segments = new Set(links.flatMap((l) => l.split(/[^\p{L}]+/u)));
  const letters = links.map((l) => l.replace(/[^\p{L}]/gu, ''));
  return ps.some((p) => formsOf(p, particles).some((f) => segments.has(f) || (f.length >= 3 && letters.some((l) => l.includes(f)))));
}

function distinct(ps: readonly GenParty[], particles: ReadonlySet<string>): boolean {
  const owner = new Map<string, string>();
  for (const p of ps) {
    for (const f of formsOf(p, particles)) {
      for (const s of [f, ...(isArabic(f) ? [...AR_CLITICS.map((c) => c + f), `\u0644\u0644${f}`] : [])]) {
        if (owner.has(s) && owner.get(s) !== p.id) return false;
        owner.set(s, p.id);
      }
    }
  }
  // One party's part written inside another's handle would be the other's too.
  const all = ps.flatMap((p) => formsOf(p, particles).map((f) => [p.id, f] as const));
  return !all.some(([a, f]) => f.length >= 4 && all.some(([b, g]) => a !== b && g.includes(f)));
}

// ---------------------------------------------------------------------------------------------------------------
// Variants.

const SPACES = [' ', '  ', '   ', '\t', '\n', '\u00a0', '\u202f', ' \n ', '\u2009'];
type Pick = <T>(xs: readonly T[]) => T;
const picker = (noise: readonly number[]): Pick => {
  let i = 0;
  return (xs) => xs[noise[i++ % noise.length]! % xs.length]!;
};

function latinCore(p: GenParty, pick: Pick, noise: readonly number[]): string {
  const [first, ...rest] = p.latin as [string, ...string[]];
  const last = rest.at(-1)!;
  const middle = rest.length > 1 ? rest[0]! : undefined;
  const sp = () => pick(SPACES);
  const shapes = [
    `${first}${sp()}${rest.join(sp())}`,
    `${last}${sp()}${first}`,
    `${first}-${last}`,
    first,
    last,
    ...(middle ? [middle] : []),
    `${first.charAt(0).toUpperCase()}.${pick(['', ' '])}${last}`,
    `${first}${sp()}${last.charAt(0)}.`,
  ];
  let s = pick(shapes);
  switch (pick(['as', 'upper', 'lower', 'mixed', 'accents', 'plain', 'nfd', 'softHyphen'] as const)) {
    case 'upper':
      s = s.toUpperCase();
      break;
    case 'lower':
      s = s.toLowerCase();
      break;
    case 'mixed':
      s = [...s].map((c, i) => (noise[i % noise.length]! % 2 ? c.toUpperCase() : c.toLowerCase())).join('');
      break;
    case 'accents':
      s = accent(s, noise);
      break;
    case 'plain':
      s = s.normalize('NFD').replace(/\p{M}/gu, '');
      break;
    case 'nfd':
      s = accent(s, noise).normalize('NFD');
      break;
    case 'softHyphen': {
      const i = s.search(/\p{L}{4}/u);
      if (i >= 0) s = `${s.slice(0, i + 2)}\u00ad${s.slice(i + 2)}`;
      break;
    }
    default:
  }
  return s;
}

/** Arabic presentation forms of each letter (what text pasted from an old PDF or a phone can hold). */
const PRESENTATION: ReadonlyMap<string, string[]> = (() => {
  const m = new Map<string, string[]>();
  for (let cp = 0xfe80; cp <= 0xfefc; cp++) {
    const base = String.fromCodePoint(cp).normalize('NFKC');
    if (base.length === 1) m.set(base, [...(m.get(base) ?? []), String.fromCodePoint(cp)]);
  }
  return m;
})();
const HARAKAT = ['\u064b', '\u064c', '\u064d', '\u064e', '\u064f', '\u0650', '\u0651', '\u0652'];
const ALEFS = ['ا', 'أ', 'إ', 'آ', 'ٱ'];

function arabicVariantOf(s: string, pick: Pick): string {
  const letters = [...s];
  switch (pick(['as', 'tashkeel', 'tatweel', 'alef', 'yaTaMarbuta', 'hamza', 'presentation', 'persian', 'zwnj'] as const)) {
    case 'tashkeel':
      return letters.map((c) => (/\p{L}/u.test(c) ? c + pick(['', '', ...HARAKAT]) : c)).join('');
    case 'tatweel':
      return letters.map((c, i) => (i > 0 && i < letters.length - 1 && /\p{L}/u.test(c) ? c + pick(['', '\u0640']) : c)).join('');
    case 'alef':
      return letters.map((c) => (ALEFS.includes(c) ? pick(ALEFS) : c)).join('');
    case 'yaTaMarbuta':
      return s.replace(/ى(?=\s|$)/g, 'ي').replace(/ي(?=\s|$)/g, () => pick(['ي', 'ى'])).replace(/ة(?=\s|$)/g, 'ه');
    case 'hamza':
      // Hamza seats written or left off, as people type them: أ/ا, ئ/ي, ؤ/و, a final ء dropped.
      return s.replace(/[أإآ]/g, 'ا').replace(/ئ/g, 'ي').replace(/ؤ/g, 'و').replace(/اء(?=\s|$)/g, 'ا');
    case 'presentation':
      return letters.map((c) => (PRESENTATION.has(c) ? pick(PRESENTATION.get(c)!) : c)).join('');
    case 'persian':
      return s.replace(/ي/g, 'ی').replace(/ك/g, 'ک');
    case 'zwnj':
      return letters.map((c, i) => (i === 1 ? `\u200c${c}` : c)).join('');
    default:
      return s;
  }
}

function arabicCore(p: GenParty, pick: Pick): { core: string; bareLast: boolean; cliticOk: boolean } {
  const [first, last] = p.arabic as [string, string];
  const sp = () => pick(SPACES);
  const bare = last.replace(/^ال/, '');
  // A clitic is glued only to a whole word long enough to be told from the name itself, never to an initial.
  const word = (w: string) => tnorm(w).length >= 3;
  const shapes: { core: string; bareLast: boolean; cliticOk: boolean }[] = [
    { core: `${first}${sp()}${last}`, bareLast: false, cliticOk: word(first) },
    { core: `${last}${sp()}${first}`, bareLast: false, cliticOk: word(last) },
    { core: first, bareLast: false, cliticOk: word(first) },
    { core: last, bareLast: false, cliticOk: word(last) },
    ...(bare !== last && tnorm(bare).length >= 2 ? [{ core: bare, bareLast: true, cliticOk: word(bare) }] : []),
    { core: `${first.charAt(0)}.${pick(['', ' '])}${last}`, bareLast: false, cliticOk: false },
  ];
  const shape = pick(shapes);
  return { ...shape, core: arabicVariantOf(shape.core, pick) };
}

/** A handle, an e-mail or a link built from the party's name. */
function linkCore(p: GenParty, pick: Pick, noise: readonly number[]): string {
  if (p.latin.length === 0) return `@${p.arabic[0]}_${p.arabic[1]}`;
  const ascii = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const [first, ...rest] = p.latin.map(ascii) as [string, ...string[]];
  const last = rest.at(-1)!;
  const longest = [first, last].sort((a, b) => b.length - a.length)[0]!;
  const parts = pick([[first, last], [last, first], [first], [last]]);
  let local = parts.join(pick(['.', '_', '-', '']));
  // A name glued to other letters: only a part long enough to be told from chance is looked for inside a word.
  if (pick([false, false, true]) && tnorm(longest).length >= 4) local = `${longest}${pick(['a', 'officiel', 'x'])}`;
  local += pick(['', '', '99', '2012', '_']);
  if (pick([false, true])) local = [...local].map((c, i) => (noise[i % noise.length]! % 2 ? c.toUpperCase() : c)).join('');
  switch (pick(['handle', 'email', 'url'] as const)) {
    case 'handle':
      return `@${local}`;
    case 'email':
      return `${local}@${pick(['gmail.com', 'hotmail.fr', 'outlook.com'])}`;
    default:
      return `${pick(['https://', 'http://', 'https://www.', 'www.', ''])}${pick(['instagram.com/', 'tiktok.com/@', 'facebook.com/', 'snapchat.com/add/', 'youtube.com/@'])}${local}${pick(['', '/', '?igsh=x1', '/reel/Cx9'])}`;
  }
}

/** A variant of one party's name, decorated the way a sentence may hold it. */
export const variantArb = (p: GenParty) =>
  tuple(noiseArb, constantFrom<'latin' | 'arabic' | 'link'>('latin', 'arabic', 'link')).map(([noise, want]): Variant => {
    const pick = picker(noise);
    const script = want === 'link' ? 'link' : want === 'arabic' ? (p.arabic.length ? 'arabic' : 'latin') : p.latin.length ? 'latin' : 'arabic';
    if (script === 'link') return { party: p.id, kind: 'link', before: pick(['', '(', '«', '"']), core: linkCore(p, pick, noise), after: pick(['', ')', '»', ',', '.', ':']) };
    if (script === 'latin')
      return { party: p.id, kind: 'name', before: pick(['', '', '(', '«', '"', "d'", 'l’']), core: latinCore(p, pick, noise), after: pick(['', '', ')', '»', ',', '.', '!', '?', "'s", '’s', ':']) };
    const { core, bareLast, cliticOk } = arabicCore(p, pick);
    const clitic = cliticOk ? pick(['', '', ...AR_CLITICS, ...(bareLast ? ['\u0644\u0644'] : [])]) : '';
    return { party: p.id, kind: 'name', before: `${pick(['', '', '(', '«'])}${clitic}`, core, after: pick(['', '', '،', '.', '؟', ')', '»', ':']) };
  });
