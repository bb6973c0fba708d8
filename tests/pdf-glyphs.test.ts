import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Language } from '../protocol/text';
import { Writer } from '../src/pdf/writer';
import { nodeFonts } from '../scripts/pdf-cli';

/**
 * A pupil's message quoted in a narrative often holds emoji, which the documents' font (Noto Naskh Arabic) has
 * no glyph for. They used to print as nothing, and in Arabic the reordering split the word beside one
 * ("قال" printed "قا ل"). Read back with pdftotext, as an archive search would.
 */
const dir = mkdtempSync(join(tmpdir(), 'sanad-pdf-glyphs-'));
const fonts = nodeFonts();

function extract(lang: Language, text: string): string {
  const w = new Writer(fonts, lang, 'test', () => '');
  w.paragraph(text);
  const file = join(dir, `${lang}-${Math.abs([...text].reduce((h, c) => (h * 31 + c.codePointAt(0)!) | 0, 7))}.pdf`);
  writeFileSync(file, Buffer.from(w.finish().output('arraybuffer')));
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFKC').replace(/[\u202a-\u202e\u200e\u200f]/g, '').trim();
}

describe('characters the font cannot draw', () => {
  it('an emoji in French prints as its code point, and the words around it stay', () => {
    expect(extract('fr', 'Il a écrit 😡 puis « tu vas voir » 👍🏽 ce soir.')).toBe('Il a écrit [U+1F621] puis « tu vas voir » [U+1F44D U+1F3FD] ce soir.');
  });
  it('a joined emoji sequence (family, flag) is one run of code points', () => {
    expect(extract('en', 'Sent 👩‍👧 and ❤️ at night.')).toBe('Sent [U+1F469 U+1F467] and [U+2764] at night.');
  });
  it('in Arabic the words beside an emoji are whole and in order', () => {
    const out = extract('ar', 'قال لي 😡 أنت ستندم غدا');
    expect(out).toContain('قال لي');
    expect(out).toContain('أنت ستندم غدا');
    expect(out).toContain('U+1F621');
    expect(out.indexOf('قال لي')).toBeLessThan(out.indexOf('أنت ستندم'));
  });
  it('a script the fonts lack (Ethiopic) is printed as code points rather than left blank', () => {
    expect(extract('fr', 'Nom : ሰላም fin')).toBe('Nom : [U+1230 U+120B U+121D] fin');
  });
  it('Tifinagh, which has a font of its own (docs/decisions/0020), prints as itself in any document', () => {
    expect(extract('fr', 'Nom : ⴰⵣⵓⵍ fin')).toBe('Nom : ⴰⵣⵓⵍ fin');
    expect(extract('ar', 'الاسم: ⴰⵣⵓⵍ')).toContain('ⴰⵣⵓⵍ');
  });
});
