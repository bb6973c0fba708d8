import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { textFields } from '../../machines/scenario';
import { CSV_COLUMNS } from '../../src/stats/export';
import type { StatsExport } from '../../src/stats/export';
import { runStats } from '../../scripts/stats-cli';

const TSX = join('node_modules', '.bin', 'tsx');
const DIR = 'protocol/scenarios';
// After the end of the school year 2026-2027 (2027-09-05): a period is exported only once it has ended.
const AT = '2027-09-10T10:00:00.000Z';
interface Run {
  status: number;
  stdout: string;
  stderr: string;
}
/**
 * `npm run stats` as its own process, in a fixed zone far from Morocco's: the export must not depend on the
 * machine's. Three tests run it so (a full export, the same files across zones, a usage exit code); the
 * others call the same command in this process.
 */
const statsProcess = (...args: string[]): Run => {
  const r = spawnSync(TSX, ['scripts/stats.ts', ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'Pacific/Kiritimati' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};
async function stats(...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runStats(args, { log: (l) => out.push(`${l}\n`), error: (l) => err.push(`${l}\n`) });
  return { status, stdout: out.join(''), stderr: err.join('') };
}
const tmp = () => mkdtempSync(join(tmpdir(), 'sanad-stats-'));

/** Everything identifying a scenario holds: names, pseudonyms, classes, narratives and every other free text, ids. */
function canaries(): string[] {
  const out = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string' && v.trim().length >= 4) out.add(v.trim());
    else if (Array.isArray(v)) v.forEach(add);
    else if (v && typeof v === 'object') Object.values(v).forEach(add);
  };
  for (const f of readdirSync(DIR).filter((n) => n.endsWith('.json'))) {
    const s = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { id: string; title: unknown; summary: unknown; steps: { event: Record<string, unknown>; eventText?: unknown; narration?: unknown }[] };
    add(s.id);
    add(s.title);
    add(s.summary);
    for (const step of s.steps) {
      const e = step.event;
      for (const field of [...textFields(String(e.type)), 'name', 'className', 'pseudonym', 'partyId', 'evidenceId', 'referralId', 'interviewId', 'accountHandle', 'url']) add(e[field]);
      add(step.eventText);
      add(step.narration);
    }
  }
  return [...out];
}

describe('npm run stats (CLI)', () => {
  it('builds the export of the scenario library: CSV with BOM in long form, JSON with the same cells, no identifying text', () => {
    const out = tmp();
    const r = statsProcess('--scenarios', DIR, '--period', '2026-2027-T1', '--out', out, '--generated-at', AT);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('15 cases published from 15 files in 2026-2027-T1');
    expect(readdirSync(out).sort()).toEqual(['sanad-stats-training-2026-2027-T1.csv', 'sanad-stats-training-2026-2027-T1.json', 'sanad-stats-training-2026-2027-T1.pdf']);

    const csvBytes = readFileSync(join(out, 'sanad-stats-training-2026-2027-T1.csv'));
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = csvBytes.toString('utf8').slice(1);
    const rows = csv.trimEnd().split('\r\n').map((l) => l.split(','));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const json = readFileSync(join(out, 'sanad-stats-training-2026-2027-T1.json'), 'utf8');
    const ex = JSON.parse(json) as StatsExport;
    expect(ex).toMatchObject({ format: 'sanad-stats/1', school: 'training', generatedAt: AT, period: { id: '2026-2027-T1', kind: 'term', from: '2026-09-07', to: '2027-02-07' } });
    expect(ex.versions).toMatchObject({ format: 'sanad-stats/1', protocol: expect.any(String), caseMachine: expect.any(Number) });
    expect(Object.keys(ex.rules)).toEqual(expect.arrayContaining(['smallCounts', 'rounding', 'zeros', 'percentages', 'secondarySuppression', 'merging']));
    expect(rows.slice(1)).toEqual(ex.cells.map((c) => ['2026-2027-T1', 'training', c.dim1, c.val1, c.dim2, c.val2, c.value, c.flag]));
    expect(ex.cells[0]).toMatchObject({ dim1: '', value: '15', flag: 'rounded' });
    expect(ex.cells.filter((c) => c.value === '<10').length).toBeGreaterThan(5);

    const all = canaries();
    // The list holds what must never leave: case ids, class names, pseudonyms, names (else the check proves nothing).
    expect(all).toEqual(expect.arrayContaining(['sextortion-emergency', '3AC-1', 'TC-2', 'Pupil S', 'Ilyas M.']));
    expect(all.length).toBeGreaterThan(300);
    expect(all.filter((c) => csv.includes(c) || json.includes(c))).toEqual([]);
    // The PDF's text as pdftotext reads it (tests/stats/export-pdf.test.ts checks its figures).
    const pdf = execFileSync('pdftotext', [join(out, 'sanad-stats-training-2026-2027-T1.pdf'), '-']).toString('utf8').normalize('NFKC');
    expect(pdf).toContain('<10');
    expect(all.filter((c) => pdf.includes(c))).toEqual([]);
  });

  it('gives the same files for the same inputs, in another zone too (nothing read from the clock when the time is given)', async () => {
    const [a, b] = [tmp(), tmp()];
    // One run as a process in Pacific/Kiritimati, one in this process's zone.
    expect(statsProcess('--scenarios', DIR, '--period', '2026-2027-T1', '--out', a, '--generated-at', AT).status).toBe(0);
    expect((await stats('--scenarios', DIR, '--period', '2026-2027-T1', '--out', b, '--generated-at', AT)).status).toBe(0);
    for (const f of readdirSync(a)) expect(readFileSync(join(a, f))).toEqual(readFileSync(join(b, f)));
  });

  it.each([
    ['en', 'The period "2026-T1" is not valid'],
    ['fr', 'La période « 2026-T1 » n’est pas valide'],
    ['ar', 'الفترة "2026-T1" غير صالحة'],
  ])('refuses a malformed period in %s and writes nothing', async (lang, message) => {
    const out = tmp();
    const r = await stats('--scenarios', DIR, '--period', '2026-T1', '--out', out, '--lang', lang);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('2026-2027-T1');
    expect(readdirSync(out)).toEqual([]);
  });

  it('exports a period with no cases as zeros, and says so', async () => {
    const out = tmp();
    const r = await stats('--scenarios', DIR, '--period', '2026-2027-T2', '--out', out, '--generated-at', AT, '--lang', 'fr');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Aucune situation signalée pendant 2026-2027-T2 : l’export ne contient que des zéros.');
    const ex = JSON.parse(readFileSync(join(out, 'sanad-stats-training-2026-2027-T2.json'), 'utf8')) as StatsExport;
    expect(ex.empty).toBe(true);
    expect(ex.cells.every((c) => c.value === '0')).toBe(true);
  });

  it('replaces a re-issued period with the same figures and refuses an overlapping one', async () => {
    const out = tmp();
    expect((await stats('--scenarios', DIR, '--period', '2026-2027-T1', '--out', out, '--generated-at', AT)).status).toBe(0);
    const again = await stats('--scenarios', DIR, '--period', '2026-2027-T1', '--out', out, '--generated-at', '2027-09-11T08:00Z');
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('The export of 2026-2027-T1 issued earlier is replaced.');
    // Stored as toISOString(): seconds and milliseconds filled in.
    expect(JSON.parse(readFileSync(join(out, 'sanad-stats-training-2026-2027-T1.json'), 'utf8')).generatedAt).toBe('2027-09-11T08:00:00.000Z');
    const year = await stats('--scenarios', DIR, '--period', '2026-2027', '--out', out, '--lang', 'en', '--generated-at', AT);
    expect(year.status).toBe(1);
    expect(year.stderr).toContain('Refused: 2026-2027 overlaps 2026-2027-T1');
    expect(readdirSync(out)).toHaveLength(3);
  });

  it('a period issued again with other figures and --correction replaces the earlier export, and says the AREF must destroy the earlier files', async () => {
    const out = tmp();
    expect((await stats('--scenarios', DIR, '--period', '2026-2027-T1', '--out', out, '--generated-at', AT)).status).toBe(0);
    const before = JSON.parse(readFileSync(join(out, 'sanad-stats-training-2026-2027-T1.json'), 'utf8')) as StatsExport;
    expect(before.cells[0]?.value).toBe('15');
    // Fewer cases: the published total changes.
    const fewer = tmp();
    for (const f of readdirSync(DIR).filter((n) => n.endsWith('.json')).slice(0, 4)) copyFileSync(join(DIR, f), join(fewer, f));
    const corrected = await stats('--scenarios', fewer, '--period', '2026-2027-T1', '--out', out, '--generated-at', AT, '--correction');
    expect(corrected.stderr).toBe('');
    expect(corrected.status).toBe(0);
    expect(corrected.stdout).toContain('2026-2027-T1: this export corrects and replaces the one issued earlier. Ask the AREF to destroy the earlier files');
    const after = JSON.parse(readFileSync(join(out, 'sanad-stats-training-2026-2027-T1.json'), 'utf8')) as StatsExport;
    expect(after.cells[0]?.value).toBe('<10');
    expect(readdirSync(out)).toHaveLength(3);
  });

  it('refuses a scenario the protocol does not accept, naming the file', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ format: 'sanad-scenario/2', id: 'bad', title: { ar: 'a', fr: 'b', en: 'c' }, summary: { ar: 'a', fr: 'b', en: 'c' }, steps: [{ event: { type: 'case.close', at: '2026-11-02T08:00:00Z', by: 'x', reason: 'RESOLVED' } }] }));
    const r = await stats('--scenarios', dir, '--period', '2026-2027-T1', '--out', tmp(), '--generated-at', AT);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Scenario file bad.json');
  });

  it.each([
    ['en', 'Refused: 2026-2027-T1 was already issued with different figures. The earlier export stands. If these figures correct it, issue them as a correction (--correction'],
    ['fr', 'Refusé : 2026-2027-T1 a déjà été émise avec d’autres chiffres. L’export précédent reste valable. Si ces chiffres le corrigent, émettez-les comme correction (--correction'],
    ['ar', 'مرفوض: سبق إصدار الفترة 2026-2027-T1 بأرقام مختلفة. يبقى التصدير السابق ساري المفعول'],
  ])('refuses in %s a re-issue of a period with other figures, and keeps the earlier files', async (lang, message) => {
    const out = tmp();
    const few = tmp();
    for (const f of readdirSync(DIR).filter((n) => n.endsWith('.json')).sort().slice(0, 5)) copyFileSync(join(DIR, f), join(few, f));
    expect((await stats('--scenarios', DIR, '--period', '2026-2027-T1', '--out', out, '--generated-at', AT)).status).toBe(0);
    const before = readdirSync(out).map((f) => readFileSync(join(out, f)));
    const r = await stats('--scenarios', few, '--period', '2026-2027-T1', '--out', out, '--generated-at', '2027-09-12T08:00:00Z', '--lang', lang);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(message);
    expect(readdirSync(out).map((f) => readFileSync(join(out, f)))).toEqual(before);
    // In a folder of its own (another register) the same export goes through, and prints the published total only.
    const alone = await stats('--scenarios', few, '--period', '2026-2027-T1', '--out', tmp(), '--generated-at', AT);
    expect(alone.status).toBe(0);
    expect(alone.stdout).toContain('<10 cases published from 5 files in 2026-2027-T1');
    expect(alone.stdout).not.toMatch(/^5 case/m);
  });

  it('refuses a period that has not ended at the generation time, and writes nothing', async () => {
    const out = tmp();
    const r = await stats('--scenarios', DIR, '--period', '2026-2027-T1', '--out', out, '--generated-at', '2027-02-07T12:00:00Z');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Refused: 2026-2027-T1 ends on 2027-02-07. A period can be exported only once it has ended, from 2027-02-08 on.');
    expect(readdirSync(out)).toEqual([]);
  });

  it.each([['Tue Dec 01 2026 10:00:00 GMT+0000 (Fatima Zahra 3AC-2)'], ['2027-09-10'], ['2027-09-10T10:00:00+01:00'], ['2027-02-30T10:00:00Z']])(
    'refuses the generation time %j (usage) and writes nothing',
    async (time) => {
      const out = tmp();
      const r = await stats('--scenarios', DIR, '--period', '2026-2027-T1', '--out', out, '--generated-at', time);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('is not a UTC time written as 2027-03-01T10:00:00Z');
      expect(readdirSync(out)).toEqual([]);
    },
  );

  it('refuses a school id that does not start with a letter or a digit, with the process exit code for usage', () => {
    const r = statsProcess('--scenarios', DIR, '--period', '2026-2027-T1', '--out', tmp(), '--generated-at', AT, '--school', '-x');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('The school id "-x" must be lowercase letters');
  });
});
