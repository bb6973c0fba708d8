import { array, assert as fcAssert, boolean, constant, constantFrom, integer, oneof, property, record, tuple } from 'fast-check';
import { leaks, nameField, partiesArb, tnorm, variantArb, variantText } from '../../tests/redaction-names';
import type { GenParty, Variant } from '../../tests/redaction-names';
import { NAME_PARTICLES, createRedactor } from './redaction';
import type { RedactionParty, RedactionWording } from './redaction';

/**
 * Redaction of real names in printed documents (docs/decisions/0008-pdf-text.md): every way a report writes a
 * child's name becomes that child's placeholder, the same one everywhere; handles and links with a name part are
 * withheld whole; class names go; every other character stays as typed.
 */
const EN: RedactionWording = { pupil: 'Pupil {x}', adult: 'Adult {x}', letters: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', name: '[name withheld]', link: '[account or link withheld]', className: '[class withheld]' };
const AR: RedactionWording = { pupil: 'التلميذ {x}', adult: 'الراشد {x}', letters: 'أبجدهوزحطيكلمنسعفصقرشتثخذضظغ', name: '[اسم محجوب]', link: '[حساب أو رابط محجوب]', className: '[القسم محجوب]' };

/** More cases by hand: SANAD_REDACTION_SCALE=50 runs fifty times as many. */
const SCALE = Number(process.env.SANAD_REDACTION_SCALE ?? 1);

const FILLERS = [
  'a été exclue du groupe par',
  'was mocked under the photo by',
  'et',
  'and',
  'les commentaires visent',
  'selon',
  'écrit «tu es nulle» 14 fois,',
  'voir https://instagram.com/p/Cx12 et',
  'le compte @class1ac2_fun publie',
  'écrire à ecole@men.gov.ma',
  'حذفوها من مجموعة القسم',
  'كتبوا تعليقات ساخرة تحت صورتها',
  'قالت إنّ',
  'و',
  'ثم',
  'كلَّ يومٍ',
  'أكثر من 14 مرة،',
  'على https://www.tiktok.com/@fun.page/video/77',
];
const AROUND = [...FILLERS, ...Object.values(EN), ...Object.values(AR), 'Pupil K Élève M التلميذة ك'].join(' ');
const parties = () => partiesArb(NAME_PARTICLES, AROUND);

/** The pseudonym the team typed, including the bad ones: none, a duplicate, or one that gives the name away. */
const pseudonymArb = (p: GenParty) => constantFrom('Pupil K', 'Élève M', 'التلميذة ك', '', p.latin[0] ?? p.arabic[0]!, `Pupil ${p.latin.at(-1) ?? p.arabic[0]!}`);

const caseArb = parties().chain((ps) =>
  record({
    parties: constant(ps),
    pseudonyms: tuple(...ps.map(pseudonymArb)),
    adult: array(boolean(), { minLength: ps.length, maxLength: ps.length }),
    variants: array(constantFrom(...ps).chain(variantArb), { minLength: 1, maxLength: 8 }),
    wording: constantFrom(EN, AR),
  }),
);

function redactorFor(c: { parties: GenParty[]; pseudonyms: string[]; adult?: boolean[]; wording: RedactionWording }, classNames: string[] = []) {
  const input: RedactionParty[] = c.parties.map((p, i) => ({ id: p.id, pseudonym: c.pseudonyms[i], names: [nameField(p)], classNames, adult: c.adult?.[i] ?? false }));
  return createRedactor(input, c.wording);
}

const expected = (v: Variant, placeholder: (id: string) => string, w: RedactionWording) => `${v.before}${v.kind === 'link' ? w.link : placeholder(v.party)}${v.after}`;

describe('redaction of names in printed text', () => {
  it('turns every way of writing a name into that party’s placeholder, and withholds every handle, e-mail or link with a name part', () => {
    fcAssert(
      property(caseArb, (c) => {
        const r = redactorFor(c);
        const text = c.variants.map(variantText).join(' | ');
        expect(r.text(text).split(' | ')).toEqual(c.variants.map((v) => expected(v, r.placeholder, c.wording)));
      }),
      { numRuns: 300 * SCALE },
    );
  });

  it('gives each party one placeholder, different from the others’ and free of any name part, in the document’s language when the pseudonym cannot serve', () => {
    fcAssert(
      property(caseArb, (c) => {
        const r = redactorFor(c);
        const placeholders = c.parties.map((p) => r.placeholder(p.id));
        expect(new Set(placeholders.map(tnorm)).size).toBe(placeholders.length);
        expect(leaks(placeholders.join(' | '), c.parties, NAME_PARTICLES)).toEqual([]);
        for (const [i, p] of placeholders.entries()) {
          const typed = c.pseudonyms[i]!;
          const pseudonymUsable = typed !== '' && leaks(typed, c.parties, NAME_PARTICLES).length === 0 && c.pseudonyms.indexOf(typed) === i;
          if (pseudonymUsable) expect(p).toBe(typed);
          else expect(p).toMatch(new RegExp(`^(${c.wording.pupil}|${c.wording.adult})$`.replace(/\{x\}/g, `[${c.wording.letters}]`)));
        }
      }),
      { numRuns: 200 * SCALE },
    );
  });

  it('leaves no name part readable in a sentence, and every other character exactly as typed', () => {
    const sentenceArb = caseArb.chain((c) =>
      record({
        c: constant(c),
        fillers: array(constantFrom(...FILLERS), { minLength: c.variants.length + 1, maxLength: c.variants.length + 1 }),
        spaces: array(constantFrom(' ', '  ', '\n', '\t', '\u00a0'), { minLength: 2 * c.variants.length, maxLength: 2 * c.variants.length }),
      }),
    );
    fcAssert(
      property(sentenceArb, ({ c, fillers, spaces }) => {
        const r = redactorFor(c);
        const join = (words: string[]) => words.map((x, i) => (i === 0 ? x : spaces[i - 1] + x)).join('');
        const interleave = (f: (v: Variant) => string) => join(fillers.flatMap((x, i) => [x, ...(c.variants[i] ? [f(c.variants[i])] : [])]));
        const out = r.text(interleave(variantText));
        expect(leaks(out, c.parties, NAME_PARTICLES)).toEqual([]);
        expect(out).toBe(interleave((v) => expected(v, r.placeholder, c.wording)));
      }),
      { numRuns: 200 * SCALE },
    );
  });

  it('withholds class names however they are written', () => {
    const classArb = oneof(
      tuple(integer({ min: 1, max: 3 }), constantFrom('AC', 'APIC', 'TC', 'BAC', 'LSH'), integer({ min: 1, max: 9 })).map(([a, b, n]) => ({ typed: `${a}${b}-${n}`, written: [`${a}${b}-${n}`, `${a}${b.toLowerCase()}${n}`, `${a} ${b} ${n}`, `${a}${b} ${n}`, `${a}${b}/${n}`] })),
      tuple(constantFrom('الأولى', 'الثانية', 'الثالثة'), constantFrom('إعدادي', 'ثانوي'), integer({ min: 1, max: 9 })).map(([a, b, n]) => ({ typed: `${a} ${b} ${n}`, written: [`${a} ${b} ${n}`, `${a.replace('أ', 'ا')}  ${b.replace('إ', 'ا')} ${n}`, `${a} ${b}-${n}`] })),
    );
    fcAssert(
      property(parties(), classArb, constantFrom(EN, AR), (ps, cls, wording) => {
        const r = redactorFor({ parties: ps, pseudonyms: ps.map(() => ''), wording }, [cls.typed]);
        expect(r.text(cls.written.join(' | ')).split(' | ')).toEqual(cls.written.map(() => wording.className));
      }),
      { numRuns: 100 * SCALE },
    );
  });

  it('catches what issue 14 found leaking, and reads well afterwards', () => {
    const r = createRedactor(
      [
        { id: 'p1', pseudonym: 'Pupil S', names: ['Salma Rahmouni / سلمى الرحموني'], classNames: ['1AC-2'] },
        { id: 'p2', pseudonym: 'Pupil B', names: ['Nora El Amrani'], classNames: ['1AC-2'] },
      ],
      EN,
    );
    expect(r.text('Salma, SALMA RAHMOUNI and Salma  Rahmouni (1AC-2) were named by El Amrani.')).toBe('Pupil S, Pupil S and Pupil S ([class withheld]) were named by Pupil B.');
    expect(r.text('قالت سلمى إنّ نورة وسلمى في القسم، وللرحموني حساب @salma.rahmouni')).toBe('قالت Pupil S إنّ نورة وPupil S في القسم، وللPupil S حساب [account or link withheld]');
    expect(r.text('écrire à salma.r@gmail.com ou voir https://instagram.com/SalmaRahmouni_/ et S. Rahmouni')).toBe('écrire à [account or link withheld] ou voir [account or link withheld] et Pupil S');
    // "El" alone is a particle, not a name: it stays, so French and Darija text keeps its words.
    expect(r.text('el día')).toBe('el día');
    // An initial typed in the real-name field goes with the name in the text.
    const initial = createRedactor([{ id: 'p1', pseudonym: 'Pupil S', names: ['Salma R.'] }], EN);
    expect(initial.text('Salma R. a dit à salma r qu’elle…')).toBe('Pupil S a dit à Pupil S r qu’elle…');
  });

  it('falls back to a placeholder in the document’s language when the pseudonym gives the name away, and never guesses between two parties', () => {
    const r = createRedactor(
      [
        { id: 'p1', pseudonym: 'Salma R.', names: ['سلمى الرحموني', 'Salma Rahmouni'] },
        { id: 'p2', pseudonym: 'Pupil A', names: ['Yassine Rahmouni'] },
        { id: 'p3', pseudonym: '', names: ['Karim Idrissi'], adult: true },
      ],
      AR,
    );
    expect([r.placeholder('p1'), r.placeholder('p2'), r.placeholder('p3')]).toEqual(['التلميذ أ', 'Pupil A', 'الراشد ب']);
    // The shared family name alone could be either child: it is withheld without naming one.
    expect(r.text('Rahmouni, Salma Rahmouni, Yassine Rahmouni, Idrissi')).toBe('[اسم محجوب], التلميذ أ, Pupil A, الراشد ب');
  });
});
