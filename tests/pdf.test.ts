import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFonts, pdfFromScenario } from '../scripts/pdf-cli';
import type { PdfOptions } from '../scripts/pdf-cli';

/**
 * The printed documents, read back the way a prosecutor's clerk would search them (pdftotext) and looked at
 * the way a reviewer did (pdftoppm, compared with reviewed reference pages in tests/fixtures/pdf).
 */
const dir = mkdtempSync(join(tmpdir(), 'sanad-pdf-'));
const fonts = nodeFonts();
const SCENARIO = 'protocol/scenarios/shared-concern-resolved.json';

function make(options: Omit<PdfOptions, 'scenario'> & { scenario?: string }, name: string): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdfFromScenario({ scenario: SCENARIO, ...options }, fonts));
  return file;
}

/** Text as extracted, with presentation forms unfolded (NFKC), bidi marks and spaces dropped, brackets unmirrored. */
function searchable(file: string): string {
  return execFileSync('pdftotext', [file, '-'])
    .toString('utf8')
    .normalize('NFKC')
    .replace(/[\u200b\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069\s]/g, '')
    .replace(/[«»]/g, '"')
    .replace(/[()]/g, '|');
}
const squash = (s: string) => s.normalize('NFKC').replace(/\s/g, '').replace(/[«»]/g, '"').replace(/[()]/g, '|');

/** A page as a small grey image: pdftoppm's PGM (P5) output, parsed. */
function page(file: string, n = 1): { width: number; height: number; pixels: Uint8Array } {
  const out = join(dir, `page-${Math.random().toString(36).slice(2)}`);
  execFileSync('pdftoppm', ['-gray', '-r', '40', '-f', String(n), '-l', String(n), '-singlefile', file, out]);
  return parsePgm(readFileSync(`${out}.pgm`));
}
function parsePgm(bytes: Buffer) {
  const header = bytes.subarray(0, 50).toString('latin1');
  const m = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(header);
  if (!m) throw new Error('not a P5 PGM');
  return { width: Number(m[1]), height: Number(m[2]), pixels: new Uint8Array(bytes.subarray(m[0].length)) };
}

describe('PDF documents', () => {
  it('an Arabic case file: headings, a pseudonym, and a narrative with a URL and a number inside, in order', () => {
    const text = searchable(make({ lang: 'ar', doc: 'case' }, 'case-ar'));
    for (const phrase of ['ملف الحالة', 'سري', 'التسلسل الزمني', 'الأشخاص المعنيون', 'التوقيعات', 'مدير المؤسسة', 'Pupil S', 'الصفحة 1 من']) expect(text).toContain(squash(phrase));
    expect(text).toContain(squash('حذفوني من مجموعة القسم ويكتبون «لا أحد يريدك» تحت صوري كل يوم'));
    expect(text).toContain(squash('https://instagram.com/p/Cx12'));
    expect(text).toContain(squash('14 تعليقا'));
    expect(text).toContain('2026/11/02');
  });

  it('a French case file, an English referral summary and letters to the parents', () => {
    const fr = searchable(make({ lang: 'fr', doc: 'case' }, 'case-fr'));
    for (const phrase of ['Dossier', 'Chronologie', 'Preuves', 'Saisines et appels', 'Clôture et bilan', 'Chef d’établissement', 'Page 1 sur']) expect(fr).toContain(squash(phrase));
    const en = searchable(make({ lang: 'en', doc: 'referral' }, 'referral-en'));
    for (const phrase of ['Referral summary', 'The facts, as reported', 'What the school did, and when', 'IG-557201']) expect(en).toContain(squash(phrase));
    const letter = searchable(make({ lang: 'fr', doc: 'parents' }, 'parents-fr'));
    expect(letter).toContain(squash('Le dossier est maintenant clos. Résultat : Résolu.'));
    expect(letter).toContain(squash('Police19Gendarmerieroyale177'));
  });

  it('with --redact no real name is anywhere in the file', () => {
    const names = ['Salma R.', 'Nora E.', 'Hiba M.'];
    const plain = searchable(make({ lang: 'fr', doc: 'case' }, 'plain'));
    for (const n of names) expect(plain).toContain(squash(n));
    for (const lang of ['ar', 'fr', 'en'] as const) {
      const file = make({ lang, doc: 'case', redact: true }, `redacted-${lang}`);
      const text = searchable(file);
      const bytes = readFileSync(file).toString('latin1');
      for (const n of names) {
        expect(text).not.toContain(squash(n));
        expect(bytes).not.toContain(n);
      }
      expect(text).toContain('PupilS');
    }
  });

  it('a trainer’s handout tells the scenario event by event, with its narration and the step reached', () => {
    const fr = searchable(make({ lang: 'fr', doc: 'handout', scenario: 'protocol/scenarios/sextortion-emergency.json' }, 'handout-fr'));
    for (const phrase of ['Sextorsion par Snapchat', 'Support de formation', 'Le cas, événement par événement', 'Image intime d’un mineur : critère T2', 'Escalade d’urgence']) expect(fr).toContain(squash(phrase));
    // The decisions put to the room, with the unsafe choices and the protocol's answer.
    for (const phrase of ['Les décisions posées à la salle', 'Faire une capture de la photo pour le dossier', 'Sanad ne laisse pas une équipe enregistrer cela', 'La réponse du protocole']) expect(fr).toContain(squash(phrase));
    const ar = searchable(make({ lang: 'ar', doc: 'handout', scenario: 'protocol/scenarios/game-grooming.json' }, 'handout-ar'));
    for (const phrase of ['راشد يستدرج تلميذا في لعبة على الإنترنت', 'وثيقة تكوينية', 'راشد يتواصل مع طفل', 'القرارات المطروحة على القاعة', 'مراسلة اللاعب لتحذيره']) expect(ar).toContain(squash(phrase));
  });

  // Page 1 of each kind of document. After a reviewed change of rendering, SANAD_PDF_REFERENCES=update rewrites
  // the references (and their PNG copies for reviewers) instead of comparing: look at the PNGs before committing.
  const references: { name: string; options: Omit<PdfOptions, 'scenario'> & { scenario?: string } }[] = [
    { name: 'case-ar', options: { lang: 'ar', doc: 'case' } },
    { name: 'case-fr', options: { lang: 'fr', doc: 'case' } },
    { name: 'referral-ar', options: { lang: 'ar', doc: 'referral' } },
    { name: 'parents-ar', options: { lang: 'ar', doc: 'parents' } },
    { name: 'handout-ar', options: { lang: 'ar', doc: 'handout', scenario: 'protocol/scenarios/game-grooming.json' } },
  ];
  for (const { name, options } of references) {
    it(`page 1 of the ${name} document looks like the reviewed reference`, () => {
      const file = make(options, `look-${name}`);
      const reference = `tests/fixtures/pdf/${name}-p1`;
      if (process.env.SANAD_PDF_REFERENCES === 'update') {
        execFileSync('pdftoppm', ['-gray', '-r', '40', '-f', '1', '-l', '1', '-singlefile', file, reference]);
        execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', file, reference]);
      }
      const got = page(file);
      const ref = parsePgm(readFileSync(`${reference}.pgm`));
      expect([got.width, got.height]).toEqual([ref.width, ref.height]);
      let diff = 0;
      for (let i = 0; i < ref.pixels.length; i++) diff += Math.abs(got.pixels[i]! - ref.pixels[i]!);
      // Mean difference per pixel, out of 255: anti-aliasing may move a little, a layout change moves a lot.
      expect(diff / ref.pixels.length).toBeLessThan(2);
    });
  }
});
