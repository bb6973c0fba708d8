import bidiFactory from 'bidi-js';
import type { jsPDF } from 'jspdf';

/**
 * Lines of mixed Arabic and Latin text for jsPDF (docs/decisions/0008). jsPDF shapes Arabic letters but orders a
 * line wrongly as soon as Latin words, digits or brackets sit inside Arabic. So, per line: strip the bidi
 * controls Intl adds, shape with jsPDF (presentation forms, lam-alef included), run the Unicode bidi
 * algorithm (bidi-js) on the shaped text, mirror brackets at right-to-left levels, reverse each run, and
 * hand jsPDF the visual string while telling it not to reorder again.
 */
const bidi = bidiFactory();
const MARKS = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;
const FSI = '\u2068';
const PDI = '\u2069';

/** Collapses spaces and removes the bidi marks Intl and pasted text bring (they would print as boxes). */
export const clean = (text: string) => text.replace(MARKS, '').replace(/\s+/g, ' ').trim();

/**
 * User-typed text (a name, a narrative, a URL) inside a sentence of the document: isolated, so it keeps its
 * own direction, whatever its script, and does not pull the words around it (Unicode bidi isolates).
 */
export const isolate = (text: string) => `${FSI}${clean(text)}${PDI}`;

export function visual(doc: jsPDF, text: string, rtl: boolean): string {
  const logical = text.replace(/[\u200e\u200f\u061c\u202a-\u202e]/g, '');
  const shaped = (doc as unknown as { processArabic: (s: string) => string }).processArabic(logical);
  const levels = bidi.getEmbeddingLevels(shaped, rtl ? 'rtl' : 'ltr');
  const chars = shaped.split('').map((c, i) => ((levels.levels[i] ?? 0) & 1 ? (bidi.getMirroredCharacter(c) ?? c) : c));
  for (const [start, end] of bidi.getReorderSegments(shaped, levels)) chars.splice(start, end - start + 1, ...chars.slice(start, end + 1).reverse());
  // jsPDF shapes again whatever it draws or measures, and in visual order a lam before an alef is not a
  // lam-alef: a zero-width space between them keeps it from fusing the two (ل ا in حالة, for one).
  return chars
    .join('')
    .replace(/[\u2066-\u2069]/g, '')
    .replace(/([\u0644\ufedd-\ufee0])(?=[\u0622\u0623\u0625\u0627\ufe81-\ufe88\ufe8d\ufe8e])/g, '$1\u200b');
}

/** Width of a logical string as it will be drawn (shaping changes widths: measure after it). */
export const widthOf = (doc: jsPDF, text: string, rtl: boolean) => doc.getTextWidth(visual(doc, text, rtl));

/** Wraps logical text into lines no wider than `width`; words stay whole unless one alone is too wide. */
export function wrap(doc: jsPDF, text: string, width: number, rtl: boolean): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
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
    for (const ch of l) open += ch === FSI ? 1 : ch === PDI ? -1 : 0;
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

/** Draws one logical line, aligned to the start side of the document's direction. */
export function drawLine(doc: jsPDF, text: string, x: { start: number; end: number }, y: number, rtl: boolean): void {
  const v = visual(doc, text, rtl);
  const at = rtl ? x.end - doc.getTextWidth(v) : x.start;
  doc.text(v, at, y, { isInputVisual: true, isOutputVisual: true } as Record<string, unknown>);
}
