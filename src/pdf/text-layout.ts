import bidiFactory from 'bidi-js';
import type { jsPDF } from 'jspdf';

/**
 * Lines of mixed Arabic and Latin text for jsPDF (docs/decisions/0008). A PDF holds glyphs placed left to right,
 * not text: the shaping and the order are ours. Per line: strip the bidi controls Intl adds, shape with jsPDF
 * (presentation forms, lam-alef included), run the Unicode bidi algorithm (bidi-js), mirror brackets at
 * right-to-left levels, reverse the runs, and hand jsPDF the visual string while telling it not to reorder
 * again. What extractors make of it is in `drawLine`.
 */
const bidi = bidiFactory();
const MARKS = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;
const FSI = '\u2068';
const PDI = '\u2069';
/**
 * A lam followed by an alef, in a string jsPDF draws or measures, becomes a lam-alef ligature: jsPDF shapes
 * again everything it is given. In visual order the two are not a lam-alef (ل ا in حالة, for one).
 */
const FUSES = /(?<=[\u0644\ufedd-\ufee0])(?=[\u0622\u0623\u0625\u0627\ufe81-\ufe88\ufe8d\ufe8e])/;

/** Collapses spaces and removes the bidi marks Intl and pasted text bring (they would print as boxes). */
export const clean = (text: string) => text.replace(MARKS, '').replace(/\s+/g, ' ').trim();

/**
 * User-typed text (a name, a narrative, a URL) inside a sentence of the document: isolated, so it keeps its
 * own direction, whatever its script, and does not pull the words around it (Unicode bidi isolates).
 */
export const isolate = (text: string) => `${FSI}${clean(text)}${PDI}`;

/** A phone number: left to right whatever surrounds it (an FSI finds no letter in it to take a direction from). */
export const ltr = (text: string) => `\u2066${clean(text)}${PDI}`;

/** What a reader searching or copying the line must get: the text as written, without the bidi controls. */
export const logicalText = (text: string) => text.replace(MARKS, '');

/**
 * A line as drawn: its glyphs left to right, in pieces jsPDF will not fuse (see FUSES), with their widths.
 * `rtlLetters`: whether it holds any right-to-left letter; `reordered`: whether the glyphs differ from the
 * logical text (shaped, reversed or mirrored).
 */
export interface LaidLine {
  /** `font`: the font family a piece needs when it is not the current one (Tifinagh: see `SECOND_FONTS`). */
  pieces: { glyphs: string; width: number; font?: string }[];
  width: number;
  rtlLetters: boolean;
  reordered: boolean;
}

const RTL_LETTER = /(?=\p{L})[\p{Script=Arabic}\p{Script=Hebrew}]/u;

/** Harakat and other marks: transparent to joining, drawn after their letter. */
const MARK = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed]/;
/** Arabic punctuation and digits: jsPDF takes them for letters and joins the letter before them to them. */
const NON_JOINING = /([\u060c\u061b\u061f\u0660-\u066d\u06d4\u06f0-\u06f9]+)/;
const ALEFS = /[\u0622\u0623\u0625\u0627]/;

/**
 * Presentation forms for a logical string, with jsPDF's shaper, corrected where it is naive: it joins a letter
 * to a following comma (الدعم، drew an initial meem) and takes a mark for a letter (كلٍّ). So marks are set
 * aside while shaping and put back after their letter, and text is shaped between punctuation marks.
 */
function shape(doc: jsPDF, text: string): string {
  const process = (doc as unknown as { processArabic: (s: string) => string }).processArabic;
  const bases: string[] = [];
  const marks: string[] = [];
  for (const ch of text) {
    if (MARK.test(ch) && bases.length > 0) marks[marks.length - 1] += ch;
    else {
      bases.push(ch);
      marks.push('');
    }
  }
  const shaped = bases
    .join('')
    .split(NON_JOINING)
    .map((part, i) => (i % 2 === 1 ? part : process(part)))
    .join('');
  // jsPDF fuses lam + alef (one form) and alef lam lam heh (ﷲ): their marks follow the ligature.
  let out = '';
  let i = 0;
  for (const ch of shaped) {
    const n = ch === '\ufdf2' ? 4 : ch >= '\ufef5' && ch <= '\ufefc' && bases[i] === '\u0644' && ALEFS.test(bases[i + 1] ?? '') ? 2 : 1;
    out += ch + marks.slice(i, i + n).join('');
    i += n;
  }
  return out;
}

/**
 * Scripts the main font (Noto Naskh Arabic: Arabic, Latin, French accents) has no glyphs for, each with the
 * family that draws it, registered by the Writer under that name. jsPDF draws a whole call in one font, and
 * Tifinagh drawn with the Arabic font renders nothing: such text goes in calls of its own (docs/decisions/0020).
 * Spaces between two of its letters stay in the run, so a Tamazight sentence is one call per line piece.
 */
export const SECOND_FONTS: readonly { family: string; run: RegExp; letter: RegExp }[] = [
  { family: 'Tifinagh', run: /([\u2d30-\u2d7f](?:[\u2d30-\u2d7f ]*[\u2d30-\u2d7f])?)/, letter: /[\u2d30-\u2d7f]/ },
];

const offered = new WeakMap<jsPDF, Map<string, () => void>>();

/**
 * A second font the document registers on first use (`register` adds it to jsPDF): jsPDF embeds every font
 * added, used or not, so a document with no Tifinagh in it would carry about 10 KB of it for nothing.
 */
export function offerFont(doc: jsPDF, family: string, register: () => void): void {
  const fonts = offered.get(doc) ?? new Map<string, () => void>();
  fonts.set(family, register);
  offered.set(doc, fonts);
}

/** Whether the document can draw with `family`: already added, or offered and added now. */
function hasFont(doc: jsPDF, family: string): boolean {
  if (family in doc.getFontList()) return true;
  const register = offered.get(doc)?.get(family);
  if (!register) return false;
  register();
  offered.get(doc)!.delete(family);
  return true;
}

/**
 * Measures or draws (`fn`) with `family` as the current font (same size; its one style: the second fonts have
 * no bold cut), then puts the current one back.
 */
function withFont<T>(doc: jsPDF, family: string | undefined, fn: () => T): T {
  if (!family) return fn();
  const { fontName, fontStyle } = doc.getFont();
  doc.setFont(family, 'normal');
  try {
    return fn();
  } finally {
    doc.setFont(fontName, fontStyle);
  }
}

/** A drawn piece cut where the font changes: runs of each second script, if the document has its font. */
function byFont(doc: jsPDF, glyphs: string): { glyphs: string; font?: string }[] {
  let parts: { glyphs: string; font?: string }[] = [{ glyphs }];
  for (const { family, run, letter } of SECOND_FONTS) {
    // Most lines hold none of its letters: no font lookup for them.
    if (!letter.test(glyphs) || !hasFont(doc, family)) continue;
    parts = parts.flatMap((part) =>
      part.font ? [part] : part.glyphs.split(run).flatMap((g, i) => (g === '' ? [] : [i % 2 === 1 ? { glyphs: g, font: family } : { glyphs: g }])),
    );
  }
  return parts;
}

export function layoutLine(doc: jsPDF, text: string, rtl: boolean): LaidLine {
  const logical = text.replace(/[\u200e\u200f\u061c\u202a-\u202e]/g, '');
  const shaped = shape(doc, logical);
  const levels = bidi.getEmbeddingLevels(shaped, rtl ? 'rtl' : 'ltr');
  const chars = shaped.split('').map((c, i) => ((levels.levels[i] ?? 0) & 1 ? (bidi.getMirroredCharacter(c) ?? c) : c));
  for (const [start, end] of bidi.getReorderSegments(shaped, levels)) chars.splice(start, end - start + 1, ...chars.slice(start, end + 1).reverse());
  const glyphs = chars.join('').replace(/[\u2066-\u2069]/g, '');
  // jsPDF would fuse a visual lam and alef into a lam-alef: each piece goes in its own call.
  const pieces = glyphs
    .split(FUSES)
    .flatMap((g) => byFont(doc, g))
    .map((p) => ({ ...p, width: withFont(doc, p.font, () => doc.getTextWidth(p.glyphs)) }));
  return {
    pieces,
    width: pieces.reduce((w, p) => w + p.width, 0),
    rtlLetters: RTL_LETTER.test(glyphs),
    reordered: glyphs !== logicalText(text),
  };
}

/** Width of a logical string as it will be drawn (shaping changes widths: measure after it). */
export const widthOf = (doc: jsPDF, text: string, rtl: boolean) => layoutLine(doc, text, rtl).width;

/** Characters with no glyph but a job: bidi controls (removed or used by the layout) and joiners. */
const noGlyphNeeded = (c: number) => (c >= 0x200b && c <= 0x200f) || c === 0x061c || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0xfe0e || c === 0xfe0f;
/** Zero-width joiner and the variation selectors: inside an emoji sequence, part of it. */
const joinsEmoji = (c: number) => c === 0x200d || c === 0xfe0e || c === 0xfe0f;

/** Whether a second font of the document draws this character (Tifinagh, in its own font). */
const secondFontHas = (doc: jsPDF, ch: string) => SECOND_FONTS.some((f) => f.letter.test(ch) && hasFont(doc, f.family));

/**
 * Text the fonts can draw. A character without a glyph (an emoji quoted from a message, a script the fonts
 * lack) would print as nothing, silently, and an astral one would be split in two by the reordering, which
 * works on UTF-16 units and broke the word beside it. Each run of them prints as its code points instead,
 * "[U+1F621]": a reader sees that something was there and can look it up; nothing of the record disappears.
 */
export function printable(doc: jsPDF, text: string): string {
  const font = doc.getFont() as unknown as { metadata?: { characterToGlyph?: (code: number) => number } };
  const glyph = font.metadata?.characterToGlyph;
  if (!glyph) return text;
  let out = '';
  let run: string[] = [];
  const flush = () => {
    if (run.length) out += `[${run.join(' ')}]`;
    run = [];
  };
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (run.length && joinsEmoji(code)) continue;
    if (glyph.call(font.metadata, code) !== 0 || /\s/.test(ch) || noGlyphNeeded(code) || secondFontHas(doc, ch)) {
      flush();
      out += ch;
    } else run.push(`U+${code.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  flush();
  return out;
}

/** Wraps logical text into lines no wider than `width`; words stay whole unless one alone is too wide. */
export function wrap(doc: jsPDF, text: string, width: number, rtl: boolean): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of printable(doc, text).replace(/\s+/g, ' ').trim().split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (!line || widthOf(doc, next, rtl) <= width) {
      line = next;
      continue;
    }
    lines.push(line);
    line = word;
  }
  if (line) lines.push(line);
  // A single word wider than the line (a long URL): cut it by characters.
  return balance(lines.flatMap((l) => (widthOf(doc, l, rtl) <= width ? [l] : cut(doc, l, width, rtl))));
}

/** An isolate cut by a line break is closed at the end of the line and reopened on the next. */
function balance(lines: string[]): string[] {
  let open = 0;
  return lines.map((l) => {
    const prefix = FSI.repeat(open);
    for (const ch of l) open += ch === FSI || ch === '\u2066' || ch === '\u2067' ? 1 : ch === PDI ? -1 : 0;
    open = Math.max(open, 0);
    return `${prefix}${l}${PDI.repeat(open)}`;
  });
}

function cut(doc: jsPDF, text: string, width: number, rtl: boolean): string[] {
  const out: string[] = [];
  let part = '';
  for (const ch of text) {
    if (part && widthOf(doc, part + ch, rtl) > width) {
      out.push(part);
      part = '';
    }
    part += ch;
  }
  if (part) out.push(part);
  return out;
}

const drawn = new WeakMap<jsPDF, string[][]>();
function record(doc: jsPDF, text: string) {
  const pages = drawn.get(doc) ?? [];
  drawn.set(doc, pages);
  const page = doc.getCurrentPageInfo().pageNumber;
  (pages[page - 1] ??= []).push(text);
}
/** The logical text of every line drawn, page by page: what extraction must give back. */
export const drawnText = (doc: jsPDF): string[][] => drawn.get(doc) ?? [];

/** A PDF text string in UTF-16BE, as hex: any script, nothing to escape. */
const utf16 = (s: string) => `<FEFF${[...Array(s.length).keys()].map((i) => s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase()).join('')}>`;

/**
 * Draws one logical line, aligned to the start side of the document's direction.
 *
 * Extraction (docs/decisions/0008). Each glyph maps to its own character (jsPDF's ToUnicode: Arabic
 * presentation forms, which NFKC turns back into letters; no invisible character anywhere), and extractors
 * (pdftotext, PDF.js) turn a line's visual order back into logical order with their own bidi. One case they
 * cannot guess: digits and neutrals alone that the algorithm reordered (a date and its time in an Arabic
 * document print as "10:40 2026/11/02"). Such a line carries its logical text as /ActualText, which pdftotext
 * (and Acrobat) take instead of the glyphs. A line with letters gets no ActualText: poppler would treat it as
 * visual text and reverse it, and PDF.js ignores it.
 */
export function drawLine(doc: jsPDF, text: string, x: { start: number; end: number }, y: number, rtl: boolean): void {
  const line = layoutLine(doc, text, rtl);
  record(doc, logicalText(text));
  const actual = line.reordered && !line.rtlLetters;
  if (actual) (doc.internal as unknown as { write: (s: string) => void }).write(`/Span <</ActualText ${utf16(logicalText(text))}>> BDC`);
  let at = rtl ? x.end - line.width : x.start;
  for (const piece of line.pieces) {
    withFont(doc, piece.font, () => doc.text(piece.glyphs, at, y, { isInputVisual: true, isOutputVisual: true } as Record<string, unknown>));
    at += piece.width;
  }
  if (actual) (doc.internal as unknown as { write: (s: string) => void }).write('EMC');
}
