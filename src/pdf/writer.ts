import { jsPDF } from 'jspdf';
import type { InterfaceLanguage } from '../../protocol/languages';
import { directionOf } from '../i18n/ui';
import { drawLine, offerFont, wrap } from './text-layout';

/**
 * The two weights of Noto Naskh Arabic (it also covers Latin and French accents) and Noto Sans Tifinagh (one
 * weight: headings in Tamazight are drawn regular), as base64 TTF.
 */
export interface PdfFonts {
  regular: string;
  bold: string;
  tifinagh: string;
}

const PAGE = { width: 210, height: 297, margin: 18, bottom: 22 };
const LINE = 1.45;

/**
 * A4 documents that read like official papers: one direction for the whole document (its language), text
 * laid out line by line through text-layout (never an image), tables with their columns in reading order,
 * "page X of Y" on every page.
 */
export class Writer {
  readonly doc: jsPDF;
  protected y = PAGE.margin;
  protected readonly x = { start: PAGE.margin, end: PAGE.width - PAGE.margin };

  readonly rtl: boolean;

  /** `title`: what a viewer shows in its title bar and a screen reader announces; never a person's name. */
  constructor(
    fonts: PdfFonts,
    lang: InterfaceLanguage,
    title: string,
    private readonly footer: (page: number, pages: number) => string,
  ) {
    this.rtl = directionOf(lang) === 'rtl';
    this.doc = new jsPDF({ unit: 'mm', format: 'a4', compress: true });
    this.doc.addFileToVFS('NotoNaskhArabic-Regular.ttf', fonts.regular);
    this.doc.addFont('NotoNaskhArabic-Regular.ttf', 'Naskh', 'normal');
    this.doc.addFileToVFS('NotoNaskhArabic-Bold.ttf', fonts.bold);
    this.doc.addFont('NotoNaskhArabic-Bold.ttf', 'Naskh', 'bold');
    // Tifinagh, per text run (text-layout.ts): the Arabic font has none of its letters and would draw nothing.
    // Added when the first Tifinagh letter is laid out, so other documents do not embed it.
    offerFont(this.doc, 'Tifinagh', () => {
      this.doc.addFileToVFS('NotoSansTifinagh-Regular.ttf', fonts.tifinagh);
      this.doc.addFont('NotoSansTifinagh-Regular.ttf', 'Tifinagh', 'normal');
    });
    this.doc.setFont('Naskh', 'normal');
    // /Lang in the catalog: a screen reader picks its voice from it. jsPDF knows ar, fr and en but silently
    // drops a code outside its own list (ary, zgh): those are written into the catalog directly.
    if (lang === 'ar' || lang === 'fr' || lang === 'en') this.doc.setLanguage(lang);
    else this.doc.internal.events.subscribe('putCatalog', () => (this.doc.internal as unknown as { write: (s: string) => void }).write(`/Lang (${lang})`));
    this.doc.setDocumentProperties({ title: title.replace(/[\u2066-\u2069]/g, '') });
    this.doc.viewerPreferences({ DisplayDocTitle: true });
  }

  protected get width() {
    return this.x.end - this.x.start;
  }

  protected lineHeight(size: number) {
    return (size * LINE * 25.4) / 72;
  }

  protected room(height: number) {
    if (this.y + height > PAGE.height - PAGE.bottom) {
      this.doc.addPage();
      this.y = PAGE.margin;
    }
  }

  protected lines(text: string, size: number, bold: boolean, span = { start: this.x.start, end: this.x.end }, color: [number, number, number] = [20, 20, 20]) {
    this.doc.setFont('Naskh', bold ? 'bold' : 'normal');
    this.doc.setFontSize(size);
    this.doc.setTextColor(...color);
    const h = this.lineHeight(size);
    for (const line of wrap(this.doc, text, span.end - span.start, this.rtl)) {
      this.room(h);
      this.y += h;
      drawLine(this.doc, line, span, this.y - h * 0.3, this.rtl);
    }
  }

  heading(text: string, level: 1 | 2 = 2) {
    // Kept with what follows it: never alone at the foot of a page.
    this.room(level === 1 ? 14 : 32);
    this.y += level === 1 ? 2 : 4;
    this.lines(text, level === 1 ? 18 : 13, true, undefined, level === 1 ? [15, 94, 87] : [20, 20, 20]);
    if (level === 2) {
      this.doc.setDrawColor(180);
      this.doc.line(this.x.start, this.y + 1, this.x.end, this.y + 1);
      this.y += 2.5;
    }
  }

  paragraph(text: string, options: { size?: number; bold?: boolean; muted?: boolean } = {}) {
    this.lines(text, options.size ?? 10.5, options.bold ?? false, undefined, options.muted ? [90, 90, 90] : undefined);
    this.y += 1.5;
  }

  /** Label and value pairs, the label in a narrow column on the start side. */
  fields(rows: readonly (readonly [string, string])[]) {
    const labelWidth = 48;
    for (const [label, value] of rows) {
      const top = this.y;
      const labelSpan = this.rtl ? { start: this.x.end - labelWidth, end: this.x.end } : { start: this.x.start, end: this.x.start + labelWidth };
      const valueSpan = this.rtl ? { start: this.x.start, end: this.x.end - labelWidth - 3 } : { start: this.x.start + labelWidth + 3, end: this.x.end };
      this.lines(label, 10, true, labelSpan, [70, 70, 70]);
      const afterLabel = this.y;
      this.y = top;
      this.lines(value || '—', 10.5, false, valueSpan);
      this.y = Math.max(this.y, afterLabel) + 1;
    }
    this.y += 1;
  }

  /** A table; `widths` are fractions of the text width, in reading order; columns are laid right to left in Arabic. */
  table(headers: readonly string[], rows: readonly (readonly string[])[], widths: readonly number[]) {
    const size = 9;
    const h = this.lineHeight(size);
    const spans = (() => {
      let at = this.rtl ? this.x.end : this.x.start;
      return widths.map((w) => {
        const cw = w * this.width;
        const span = this.rtl ? { start: at - cw, end: at } : { start: at, end: at + cw };
        at = this.rtl ? at - cw : at + cw;
        return span;
      });
    })();
    const row = (cells: readonly string[], bold: boolean) => {
      this.doc.setFont('Naskh', bold ? 'bold' : 'normal');
      this.doc.setFontSize(size);
      const wrapped = cells.map((c, i) => wrap(this.doc, c || '—', spans[i]!.end - spans[i]!.start - 2.4, this.rtl));
      const height = Math.max(...wrapped.map((w) => w.length)) * h + 2;
      if (this.y + height > PAGE.height - PAGE.bottom) {
        this.doc.addPage();
        this.y = PAGE.margin;
        if (!bold) row(headers, true);
      }
      const top = this.y;
      if (bold) {
        this.doc.setFillColor(236, 240, 238);
        this.doc.rect(this.x.start, top, this.width, height, 'F');
      }
      this.doc.setTextColor(20, 20, 20);
      wrapped.forEach((lines, i) => {
        const span = { start: spans[i]!.start + 1.2, end: spans[i]!.end - 1.2 };
        lines.forEach((line, j) => drawLine(this.doc, line, span, top + 1 + h * (j + 1) - h * 0.3, this.rtl));
      });
      this.doc.setDrawColor(200);
      this.doc.line(this.x.start, top + height, this.x.end, top + height);
      this.y = top + height;
    };
    this.room(h * 3);
    row(headers, true);
    for (const r of rows) row(r, false);
    this.y += 3;
  }

  /**
   * A horizontal bar chart as vector shapes and searchable text: each row's label on the start side, its bars
   * growing from there towards the end side (from the right in Arabic), each value just past its bar. With two
   * series or more, the rows' bars are stacked and `legend` names their colours.
   */
  bars(rows: readonly { label: string; values: readonly number[] }[], legend: readonly string[] = []) {
    const colours: [number, number, number][] = [
      [31, 95, 139],
      [181, 101, 29],
    ];
    const size = 9;
    const h = this.lineHeight(size);
    const series = Math.max(1, ...rows.map((r) => r.values.length));
    const bar = 3.2;
    const labelWidth = 62;
    const valueWidth = 12;
    const track = this.width - labelWidth - valueWidth - 2;
    const max = Math.max(0, ...rows.flatMap((r) => r.values));
    const fromStart = (x: number, w = 0) => (this.rtl ? this.x.end - x - w : this.x.start + x);
    this.doc.setFont('Naskh', 'normal');
    this.doc.setFontSize(size);
    this.doc.setTextColor(20, 20, 20);
    if (legend.length > 1) {
      this.room(h + 2);
      let at = 0;
      legend.forEach((name, i) => {
        this.doc.setFillColor(...(colours[i % colours.length] ?? [0, 0, 0]));
        this.doc.rect(fromStart(at, 3), this.y + 1, 3, 3, 'F');
        const span = this.rtl ? { start: this.x.start, end: fromStart(at + 4.5) } : { start: fromStart(at + 4.5), end: this.x.end };
        drawLine(this.doc, name, span, this.y + h * 0.75, this.rtl);
        at += 4.5 + this.doc.getTextWidth(name) + 8;
      });
      this.y += h + 1;
    }
    for (const r of rows) {
      const height = Math.max(h, series * bar + 1.5);
      this.room(height);
      const top = this.y;
      const labelSpan = this.rtl ? { start: this.x.end - labelWidth, end: this.x.end } : { start: this.x.start, end: this.x.start + labelWidth };
      const label = wrap(this.doc, r.label, labelWidth - 2, this.rtl)[0] ?? '';
      drawLine(this.doc, label, labelSpan, top + height / 2 + 1.2, this.rtl);
      r.values.forEach((v, i) => {
        const w = max === 0 ? 0.3 : Math.max(0.3, (v / max) * track);
        const y = top + 0.75 + i * bar;
        this.doc.setFillColor(...(colours[i % colours.length] ?? [0, 0, 0]));
        this.doc.rect(fromStart(labelWidth, w), y, w, bar - 0.6, 'F');
        const end = labelWidth + w + 1;
        const valueSpan = this.rtl ? { start: fromStart(end + valueWidth), end: fromStart(end) } : { start: fromStart(end), end: fromStart(end + valueWidth) };
        drawLine(this.doc, String(v), valueSpan, y + bar - 1, this.rtl);
      });
      this.y = top + height;
    }
    this.y += 2;
  }

  /** `space`: height left for signing (a one-page letter has less). */
  signatures(labels: string[], dateLabel: string, signLabel: string, space = 30) {
    this.room(space + 10);
    this.y += 6;
    const w = (this.width - 10) / labels.length;
    const top = this.y;
    labels.forEach((label, i) => {
      const start = this.rtl ? this.x.end - (i + 1) * w - i * 10 : this.x.start + i * (w + 10);
      const span = { start, end: start + w };
      this.y = top;
      this.lines(label, 10.5, true, span);
      this.lines(`${dateLabel}:`, 9.5, false, span, [90, 90, 90]);
      this.lines(`${signLabel}:`, 9.5, false, span, [90, 90, 90]);
      this.doc.setDrawColor(120);
      this.doc.line(span.start, top + space, span.end, top + space);
    });
    this.y = top + space + 4;
  }

  finish(): jsPDF {
    const pages = this.doc.getNumberOfPages();
    for (let i = 1; i <= pages; i++) {
      this.doc.setPage(i);
      this.doc.setFont('Naskh', 'normal');
      this.doc.setFontSize(8.5);
      this.doc.setTextColor(100);
      drawLine(this.doc, this.footer(i, pages), this.x, PAGE.height - 10, this.rtl);
    }
    return this.doc;
  }
}
