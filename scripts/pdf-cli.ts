/**
 * The same PDFs as the app, in Node, from a scenario file (for trainers and tests):
 *   npm run pdf -- --scenario protocol/scenarios/FILE.json --lang ar|fr|en|ary|zgh --doc case|referral|parents --out FILE.pdf
 *                  [--redact] [--at ISO-TIME] [--school NAME] [--family PARTY-ID]
 * Darija (ary) and Tamazight (zgh) print the parents' letter only (docs/decisions/0020).
 * Errors are one line on stderr and exit code 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isInstant } from '../machines/events';
import { ScenarioError, loadScenario } from '../machines/scenario';
import { DEFAULT_CALENDAR } from '../protocol/calendar';
import { INTERFACE_LANGUAGES, isInterfaceLanguage, isPartialLanguage } from '../protocol/languages';
import type { InterfaceLanguage } from '../protocol/languages';
import { buildHandout, buildPdf } from '../src/pdf/documents';
import type { PdfDoc } from '../src/pdf/documents';
import type { PdfFonts } from '../src/pdf/writer';

class UsageError extends Error {}
const USAGE = 'usage: npm run pdf -- --scenario FILE --lang ar|fr|en|ary|zgh --doc case|referral|parents|handout --out FILE.pdf [--redact] [--at ISO-TIME] [--school NAME] [--family PARTY-ID]';
const DOCS: readonly (PdfDoc | 'handout')[] = ['case', 'referral', 'parents', 'handout'];

export function nodeFonts(): PdfFonts {
  const require = createRequire(import.meta.url);
  const read = (weight: string) => readFileSync(require.resolve(`@expo-google-fonts/noto-naskh-arabic/${weight}/NotoNaskhArabic_${weight}.ttf`)).toString('base64');
  const tifinagh = readFileSync(require.resolve('@expo-google-fonts/noto-sans-tifinagh/400Regular/NotoSansTifinagh_400Regular.ttf')).toString('base64');
  return { regular: read('400Regular'), bold: read('700Bold'), tifinagh };
}

export interface PdfOptions {
  scenario: string;
  /** ary and zgh: the parents' letter only. */
  lang: InterfaceLanguage;
  /** `handout`: the trainers' handout of the scenario itself. */
  doc: PdfDoc | 'handout';
  redact?: boolean;
  at?: string;
  school?: string;
  /** Parents' letter: the child whose family it is for (a party id of the scenario); by default the target. */
  family?: string;
}

/** Builds the document's bytes from a scenario file. */
export function pdfFromScenario(options: PdfOptions, fonts = nodeFonts()): Uint8Array {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(options.scenario, 'utf8'));
  } catch {
    throw new UsageError(`${options.scenario}: cannot read the file as JSON`);
  }
  try {
    const { scenario, snapshot } = loadScenario(raw);
    const onlyLetter = () => new UsageError(`--lang ${options.lang}: only the parents' letter (--doc parents) is written in Darija and Tamazight so far`);
    if (options.doc === 'handout') {
      if (isPartialLanguage(options.lang)) throw onlyLetter();
      return new Uint8Array(buildHandout(scenario, options.lang, DEFAULT_CALENDAR, fonts).output('arraybuffer'));
    }
    if (options.doc !== 'parents' && isPartialLanguage(options.lang)) throw onlyLetter();
    const events = scenario.steps.map((s) => ({ at: s.event.at, by: s.event.by, event: s.event }));
    if (options.family && !snapshot.context.parties.some((p) => p.id === options.family)) throw new UsageError(`--family: no party "${options.family}" in ${options.scenario}`);
    const doc = buildPdf(
      options.doc,
      {
        lang: options.lang,
        caseRef: scenario.id.toUpperCase(),
        snapshot,
        events,
        school: options.school ?? 'Sanad',
        generatedAt: options.at ?? events.at(-1)!.at,
        calendar: DEFAULT_CALENDAR,
        redact: options.redact ?? false,
        ...(options.family ? { family: options.family } : {}),
      },
      fonts,
    );
    return new Uint8Array(doc.output('arraybuffer'));
  } catch (err) {
    if (err instanceof ScenarioError) throw new UsageError(`${options.scenario}: ${err.message}`);
    throw err;
  }
}

function parseArgs(args: string[]): PdfOptions & { out: string } {
  const o: Partial<PdfOptions & { out: string }> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value; ${USAGE}`);
      return v;
    };
    if (a === '--scenario') o.scenario = value();
    else if (a === '--out') o.out = value();
    else if (a === '--school') o.school = value();
    else if (a === '--family') o.family = value();
    else if (a === '--redact') o.redact = true;
    else if (a === '--lang') {
      const v = value();
      if (!isInterfaceLanguage(v)) throw new UsageError(`--lang must be one of ${INTERFACE_LANGUAGES.join(', ')}`);
      o.lang = v;
    } else if (a === '--doc') {
      const v = value();
      if (!(DOCS as readonly string[]).includes(v)) throw new UsageError(`--doc must be one of ${DOCS.join(', ')}`);
      o.doc = v as PdfDoc | 'handout';
    } else if (a === '--at') {
      const v = value();
      if (!isInstant(v)) throw new UsageError('--at needs an ISO 8601 time with a zone');
      o.at = v;
    } else throw new UsageError(`unknown option "${a}"; ${USAGE}`);
  }
  if (!o.scenario || !o.lang || !o.doc || !o.out) throw new UsageError(USAGE);
  return o as PdfOptions & { out: string };
}

function main(argv: string[]): number {
  try {
    const options = parseArgs(argv);
    const bytes = pdfFromScenario(options);
    writeFileSync(options.out, bytes);
    process.stdout.write(`${options.out}: ${bytes.length} bytes\n`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`pdf: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main(process.argv.slice(2));
