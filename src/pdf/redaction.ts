/**
 * Real names out of the printed copy that says "pseudonyms only" (docs/decisions/0008-pdf-text.md). A report
 * writes a child's name many ways: "Salma" alone, "SALMA  RAHMOUNI", "Rahmouni Salma", "S. Rahmouni", سلمى,
 * سَلمى, وسلمى ("and Salma"), أسماء or اسما, @salma.rahmouni. So names are compared as normalized words, not as
 * the string typed in the real-name field, and each part of a name is withheld on its own.
 *
 * Pure: logical text in, logical text out. It runs before the text is isolated, shaped and reordered, and leaves
 * every character it does not replace as it was.
 */

export interface RedactionParty {
  id: string;
  /** The pseudonym the team typed: this party's placeholder, unless it is empty, taken, or gives a name away. */
  pseudonym?: string;
  /** Every real name the party was recorded under (a corrected spelling does not make the old one safe). */
  names: readonly string[];
  /** Class names recorded for the party: withheld wherever typed. */
  classNames?: readonly string[];
  adult?: boolean;
}

/** Words of the document's language. `{x}` is replaced by a letter from `letters`. */
export interface RedactionWording {
  pupil: string;
  adult: string;
  letters: string;
  /** A name part shared by two parties (siblings): withheld without guessing which one is meant. */
  name: string;
  link: string;
  className: string;
}

export interface Redactor {
  /** The text with names, handles, links and class names replaced; everything else exactly as given. */
  text(s: string): string;
  /** The party's placeholder, the same wherever the party is named. */
  placeholder(partyId: string): string;
}

/**
 * Name particles that are also everyday words ("de", "la", "ou"; بن "son of", ولد "boy", أم "mother", الله
 * "God"). Alone they are left in the text, or French and Darija sentences would lose their small words; next to
 * a name part (El Amrani, عبد الله, Ben Ali written joined) they go with it.
 */
export const NAME_PARTICLES: ReadonlySet<string> = new Set([
  ...'al el de da di do du des dos das del della la le les lo ou van von der den ten ter st'.split(' '),
  ...'بن ابن بنت ولد ابو ام عبد ايت اولاد الله سيدي مولاي لاله'.split(' '),
]);

/**
 * The letters a reader takes for the same name: case, Latin accents (NFKD, marks removed), Arabic short vowels
 * and tatweel, alef forms (أ إ آ ٱ → ا), hamza seats and a lone hamza, ى → ي, ة → ه, Persian ی ک, presentation
 * forms (NFKC), invisible format characters, Arabic-Indic digits.
 */
export function normalizeName(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cf}\u0640\u0621]/gu, '')
    .replace(/\u0671/g, '\u0627')
    .replace(/[\u0649\u06cc]/g, '\u064a')
    .replace(/\u0629/g, '\u0647')
    .replace(/\u06a9/g, '\u0643')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .normalize('NFC');
}

/** A word: letters, marks, digits and invisible format characters (a zero-width space separates, it does not join). */
const WORD = /(?:(?!\u200b)[\p{L}\p{M}\p{N}\p{Cf}\u0640])+/gu;
const isArabic = (s: string) => /[\u0600-\u06ff]/.test(s);
/** What may stand between the words of one name: spaces of any kind, a hyphen, or a dot with no space (salma.rahmouni). */
const NAME_GAP = /^(?:[\s\u200b\u00ad\u2010\u2011-]+|\.)$/;
const CLASS_GAP = /^[\s\u200b\u2010\u2011./_-]+$/;
/** Conjunctions, prepositions and the article written joined to an Arabic word, shortest first. */
const AR_PREFIXES = ['', 'و', 'ف', 'ب', 'ل', 'ك', 'ال', 'لل', 'وب', 'ول', 'وك', 'فب', 'فل', 'فك', 'وال', 'فال', 'بال', 'كال', 'ولل', 'فلل', 'وبال', 'وكال', 'فبال', 'فكال'];
const MAX_RUN = 4;

interface Token {
  start: number;
  end: number;
  norm: string;
  raw: string;
}
/** A stretch of text to replace: a party's name (owners), a shared name part (several owners), a link, a class. */
interface Span {
  start: number;
  end: number;
  kind: 'name' | 'link' | 'class';
  owners: ReadonlySet<string>;
  prefix: string;
  first: number;
  last: number;
}

const intersect = (a: ReadonlySet<string>, b: ReadonlySet<string>) => new Set([...a].filter((x) => b.has(x)));

export function createRedactor(parties: readonly RedactionParty[], wording: RedactionWording): Redactor {
  /** Normalized spelling → the parties it names. */
  const forms = new Map<string, Set<string>>();
  const particleOf = new Map<string, Set<string>>();
  const initials = new Map<string, Set<string>>();
  const classes = new Set<string>();
  const add = (m: Map<string, Set<string>>, key: string, id: string) => m.set(key, (m.get(key) ?? new Set()).add(id));

  for (const p of parties) {
    for (const name of p.names) {
      // Words of one name that belong together (separated by spaces or a hyphen, not by "/" or brackets).
      const groups: string[][] = [[]];
      let prevEnd = -1;
      for (const m of name.matchAll(WORD)) {
        const norm = normalizeName(m[0]);
        if (prevEnd >= 0 && !NAME_GAP.test(name.slice(prevEnd, m.index))) groups.push([]);
        prevEnd = m.index + m[0].length;
        if (norm) groups.at(-1)!.push(norm);
      }
      for (const g of groups) {
        const allParticles = g.every((w) => NAME_PARTICLES.has(w));
        for (const w of g) {
          // A one-letter part is an initial ("Salma R."): it goes with the name, never alone.
          if (w.length < 2) {
            add(initials, w, p.id);
            continue;
          }
          if (NAME_PARTICLES.has(w) && !allParticles) {
            add(particleOf, w, p.id);
            continue;
          }
          add(forms, w, p.id);
          add(initials, w.charAt(0), p.id);
          // الرحموني is also written رحموني, and ل + الرحموني is للرحموني (prefixes below).
          if (w.startsWith('\u0627\u0644') && w.length >= 4 && !NAME_PARTICLES.has(w.slice(2))) add(forms, w.slice(2), p.id);
        }
        // Parts run together, in order or the other way round (SalmaRahmouni, rahmounisalma, عبدالله).
        for (let i = 0; i < g.length; i++) {
          for (let j = i + 1; j < Math.min(g.length, i + MAX_RUN); j++) add(forms, g.slice(i, j + 1).join(''), p.id);
          for (let j = 0; j < g.length; j++) if (j !== i) add(forms, g[i]! + g[j]!, p.id);
        }
      }
    }
    for (const c of p.classNames ?? []) {
      const norm = normalizeName(c).replace(/[^\p{L}\p{N}]/gu, '');
      if (norm.length >= 2) classes.add(norm);
    }
  }

  /** A handle, an e-mail or a link: withheld whole when a piece of it is a name part, or holds one of 3+ letters. */
  const linkNamesSomeone = (core: string) => {
    const pieces = normalizeName(core).split(/[^\p{L}]+/u).filter(Boolean);
    return pieces.some((piece) => forms.has(piece) || [...forms.keys()].some((f) => f.length >= 3 && piece.length > f.length && piece.includes(f)));
  };

  function spansOf(text: string): Span[] {
    const spans: Span[] = [];
    const linkLike: [number, number][] = [];
    for (const m of text.matchAll(/\S+/g)) {
      const lead = /^[([{«"'“‘<]*/.exec(m[0])![0].length;
      const core = m[0].slice(lead).replace(/[)\]}»"'”’>,;:!?.…،؛؟]+$/, '');
      if (!core || !/@|:\/\/|^www\.|_|\.[^/]*\//i.test(core)) continue;
      const start = m.index + lead;
      linkLike.push([start, start + core.length]);
      if (linkNamesSomeone(core)) spans.push({ start, end: start + core.length, kind: 'link', owners: new Set(), prefix: '', first: -1, last: -1 });
    }
    const tokens: Token[] = [...text.matchAll(WORD)]
      .map((m) => ({ start: m.index, end: m.index + m[0].length, norm: normalizeName(m[0]), raw: m[0] }))
      .filter((t) => t.norm && !linkLike.some(([s, e]) => t.start < e && t.end > s));
    const gap = (i: number) => text.slice(tokens[i]!.end, tokens[i + 1]!.start);

    const words: Span[] = [];
    for (let i = 0; i < tokens.length; ) {
      const found = classAt(i) ?? nameAt(i);
      if (found) {
        words.push(found);
        i = found.last + 1;
      } else i++;
    }
    function run(i: number, gapOk: RegExp): string[] {
      const out = [tokens[i]!.norm];
      for (let j = i; j + 1 < tokens.length && out.length < MAX_RUN && gapOk.test(gap(j)); j++) out.push(tokens[j + 1]!.norm);
      return out;
    }
    function classAt(i: number): Span | undefined {
      const r = run(i, CLASS_GAP);
      for (let n = r.length; n >= 1; n--) {
        if (classes.has(r.slice(0, n).join(''))) return { start: tokens[i]!.start, end: tokens[i + n - 1]!.end, kind: 'class', owners: new Set(), prefix: '', first: i, last: i + n - 1 };
      }
      return undefined;
    }
    function nameAt(i: number): Span | undefined {
      const r = run(i, NAME_GAP);
      const arabic = isArabic(r[0]!);
      for (let n = r.length; n >= 1; n--) {
        // Words are read together only when each is a word: "Abdel Kader", عبد الله; a lone letter is an initial
        // (below), or "Salma's a" would read as the name "Sa".
        if (n > 1 && r.slice(0, n).some((w) => w.length < 2)) continue;
        const joined = r.slice(0, n).join('');
        for (const prefix of arabic ? AR_PREFIXES : ['']) {
          if (prefix && (r[0]!.length <= prefix.length || joined.length - prefix.length < 3 || !joined.startsWith(prefix))) continue;
          const owners = forms.get(joined.slice(prefix.length));
          if (owners) return { start: tokens[i]!.start, end: tokens[i + n - 1]!.end, kind: 'name', owners, prefix, first: i, last: i + n - 1 };
        }
      }
      return undefined;
    }

    // One name written as several matches, its particles and initials: one placeholder.
    const names: Span[] = [];
    for (const s of words) {
      const prev = names.at(-1);
      if (prev && s.kind === 'name' && prev.kind === 'name' && s.prefix === '' && s.first === prev.last + 1 && NAME_GAP.test(gap(prev.last))) {
        const owners = intersect(prev.owners, s.owners);
        if (owners.size > 0) {
          names[names.length - 1] = { ...prev, end: s.end, last: s.last, owners };
          continue;
        }
      }
      names.push(s);
    }
    const taken = new Set(names.flatMap((s) => Array.from({ length: s.last - s.first + 1 }, (_, k) => s.first + k)));
    for (const s of names) {
      if (s.kind !== 'name') continue;
      // Particles before the name (El Amrani, de la Fontaine, بن علي), then an initial: "S. Rahmouni".
      while (s.prefix === '' && s.first > 0 && !taken.has(s.first - 1) && NAME_GAP.test(gap(s.first - 1))) {
        const owners = intersect(s.owners, particleOf.get(tokens[s.first - 1]!.norm) ?? new Set());
        if (owners.size === 0) break;
        Object.assign(s, { first: s.first - 1, start: tokens[s.first - 1]!.start, owners });
        taken.add(s.first);
      }
      const before = s.first - 1;
      if (s.prefix === '' && before >= 0 && !taken.has(before) && /^\.\s*$/.test(gap(before))) {
        const owners = intersect(s.owners, initials.get(tokens[before]!.norm) ?? new Set());
        if (tokens[before]!.norm.length === 1 && owners.size > 0) {
          Object.assign(s, { first: before, start: tokens[before]!.start, owners });
          taken.add(before);
        }
      }
      // An initial after the name: "Salma R." or "Salma R"; a lower-case letter only with its dot ("a dit" stays).
      const after = s.last + 1;
      if (after < tokens.length && !taken.has(after) && /^\s+$/.test(gap(s.last)) && tokens[after]!.norm.length === 1) {
        const t = tokens[after]!;
        const dot = text.charAt(t.end) === '.';
        const owners = intersect(s.owners, initials.get(t.norm) ?? new Set());
        if (owners.size > 0 && (dot || /^\p{Lu}$/u.test(t.raw.normalize('NFC')))) {
          Object.assign(s, { last: after, end: t.end + (dot ? 1 : 0), owners });
          taken.add(after);
        }
      }
    }
    return [...spans, ...names].sort((a, b) => a.start - b.start);
  }

  // Placeholders: the typed pseudonym when it is safe and not already taken, else "Pupil A", "Pupil B"… in the
  // document's language, skipping any letter that would repeat a placeholder already given.
  const placeholders = new Map<string, string>();
  const used = new Set<string>();
  const safe = (s: string) => s.trim() !== '' && spansOf(s).length === 0;
  for (const p of parties) {
    const typed = (p.pseudonym ?? '').trim();
    if (safe(typed) && !used.has(normalizeName(typed))) {
      placeholders.set(p.id, typed);
      used.add(normalizeName(typed));
    }
  }
  const letters = Array.from(wording.letters);
  let next = 0;
  for (const p of parties) {
    if (placeholders.has(p.id)) continue;
    let label = wording.name;
    while (next < letters.length) {
      const candidate = (p.adult ? wording.adult : wording.pupil).replace('{x}', letters[next++]!);
      if (!used.has(normalizeName(candidate)) && safe(candidate)) {
        label = candidate;
        break;
      }
    }
    placeholders.set(p.id, label);
    used.add(normalizeName(label));
  }

  const label = (s: Span) => {
    if (s.kind === 'link') return wording.link;
    if (s.kind === 'class') return wording.className;
    return s.prefix + (s.owners.size === 1 ? placeholders.get([...s.owners][0]!)! : wording.name);
  };
  return {
    text(s) {
      let out = '';
      let at = 0;
      for (const span of spansOf(s)) {
        if (span.start < at) continue;
        out += s.slice(at, span.start) + label(span);
        at = span.end;
      }
      return out + s.slice(at);
    },
    placeholder: (id) => placeholders.get(id) ?? wording.name,
  };
}
