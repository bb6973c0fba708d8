import type { jsPDF } from 'jspdf';
import { addDuration, utcOffsetAt } from '../../protocol/calendar';
import type { SchoolCalendar } from '../../protocol/calendar';
import { channelDef } from '../../protocol/channels';
import { DEADLINES } from '../../protocol/deadlines';
import { isPartialLanguage } from '../../protocol/languages';
import type { InterfaceLanguage, Language } from '../../protocol/languages';
import { protocolText } from '../../protocol/text';
import { TRIGGER_IDS } from '../../protocol/triggers';
import { PROTOCOL_VERSION } from '../../protocol/version';
import type { CaseEvent } from '../../machines/events';
import type { CaseSnapshot } from '../../machines/replay';
import type { Scenario } from '../../machines/scenario';
import { applyCaseEvent, initialSnapshot, stepOf } from '../../machines/replay';
import { longDay } from '../i18n/dates';
import { FORM_TEXT } from '../i18n/form-text';
import { partialText } from '../i18n/partial';
import type { FormKey } from '../i18n/form/en';
import { pdfText } from './pdf-text';
import type { PdfKey } from './pdf-text';
import { createRedactor } from './redaction';
import type { RedactionParty } from './redaction';
import { isolate, ltr } from './text-layout';
import { Writer } from './writer';
import type { PdfFonts } from './writer';

export type PdfDoc = 'case' | 'referral' | 'parents';

/** Everything a printed document is made from: the case as replayed, its log, and where it is printed. */
export interface PdfInput {
  /** Darija and Tamazight print the parents' letter only (docs/decisions/0020); buildPdf refuses the others. */
  lang: InterfaceLanguage;
  caseRef: string;
  snapshot: CaseSnapshot;
  events: { at: string; by: string; event: CaseEvent }[];
  school: string;
  generatedAt: string;
  calendar: SchoolCalendar;
  chainHead?: string;
  /** Parents' letter: the child (party id) whose family it is for; by default the first target. */
  family?: string;
  /** Parents' letter: who the family can reach at the school (the person printing it). */
  contact?: string;
  /**
   * Pseudonyms only: real names are left out, and every name part typed anywhere, in any spelling the redaction
   * normalizes, becomes the party's placeholder; handles and links with a name part and class names are withheld.
   */
  redact: boolean;
}

/**
 * Dates as 2026/11/02 10:30 in Morocco's legal time at that instant (the calendar's offset, UTC+0 in Ramadan):
 * no bidi marks (jsPDF would draw them), the same in every language.
 */
export function pdfDate(iso: string, cal: SchoolCalendar, withTime = true): string {
  const d = new Date(Date.parse(iso) + utcOffsetAt(iso, cal) * 60_000).toISOString();
  return `${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)}${withTime ? ` ${d.slice(11, 16)}` : ''}`;
}

/**
 * Who is named in the case, for the redaction: every name and class each party was ever recorded with (the log
 * keeps a spelling corrected since, and a report may still use it).
 */
function redactionParties(input: PdfInput): RedactionParty[] {
  const ctx = input.snapshot.context;
  const names = new Map<string, string[]>();
  const classes = new Set<string>();
  const record = (id: string, name?: string, className?: string) => {
    if (name) names.set(id, [...(names.get(id) ?? []), name]);
    if (className) classes.add(className);
  };
  for (const { event: e } of input.events) if (e.type === 'party.add' || e.type === 'party.update') record(e.partyId, e.name, e.className);
  for (const p of ctx.parties) record(p.id, p.name, p.className);
  return ctx.parties.map((p) => ({
    id: p.id,
    pseudonym: p.pseudonym,
    names: names.get(p.id) ?? [],
    classNames: [...classes],
    adult: p.ageBand === 'adult' || p.actorKind === 'adult' || p.actorKind === 'staff',
  }));
}

function words(input: PdfInput) {
  const { lang } = input;
  /** The form catalog: full languages only (no document printed in a partial language shows form wording). */
  const form = (): Readonly<Record<string, string>> => {
    if (isPartialLanguage(lang)) throw new Error(`no form wording in the ${lang} partial catalog (docs/decisions/0020)`);
    return FORM_TEXT[lang];
  };
  const ctx = input.snapshot.context;
  const t = (key: PdfKey, vars?: Record<string, string>) => pdfText(lang, key, vars);
  // Redaction works on the logical text, before it is isolated, shaped and reordered for drawing.
  const redactor = input.redact
    ? createRedactor(redactionParties(input), {
        pupil: t('redactedPupil'),
        adult: t('redactedAdult'),
        letters: t('redactedLetters'),
        name: t('redactedName'),
        link: t('redactedLink'),
        className: t('redactedClass'),
      })
    : undefined;
  /** User text, with names, handles, links and classes withheld when redacting, isolated so it keeps its own direction. */
  const u = (text: string | undefined) => (text ? isolate(redactor ? redactor.text(text) : text) : '');
  /** A party as the document names it: its pseudonym, or when redacting its placeholder (the same everywhere). */
  const party = (id: string | undefined, orElse = '') => {
    const p = ctx.parties.find((x) => x.id === id);
    if (redactor && p) return isolate(redactor.placeholder(p.id));
    return u(p?.pseudonym ?? orElse);
  };
  return {
    t,
    p: (key: string) => (isPartialLanguage(lang) ? partialText(lang, 'protocol', key) : protocolText(lang, key)),
    f: (key: FormKey) => form()[key]!,
    hasF: (key: string) => form()[key] !== undefined,
    /** For a key made from recorded data: throws on one the catalog lacks (src/cases/field-text.test.ts lists them all). */
    fData: (key: string) => {
      const text = form()[key];
      if (text === undefined) throw new Error(`missing form text "${key}" in ${lang}`);
      return text;
    },
    d: (iso: string) => pdfDate(iso, input.calendar),
    /** A list in the document's language: "، " and "؛ " in Arabic, never the Latin comma or semicolon. */
    list: (items: string[]) => items.join(t('listSeparator')),
    items: (items: string[]) => items.join(t('itemSeparator')),
    u,
    party,
    redact: Boolean(redactor),
  };
}

/** One line per event: its name and the detail a reader needs. */
function describe(e: CaseEvent, w: ReturnType<typeof words>): string {
  const detail = (() => {
    switch (e.type) {
      case 'trigger.answer':
        return `${e.trigger} · ${w.p(`trigger.${e.trigger}.label`)} · ${w.f(`opt.answer.${e.answer}`)}`;
      case 'severity.rate':
        return `${e.level} · ${w.p(`severity.${e.level}.label`)} — ${w.u(e.rationale)}`;
      case 'category.set':
        return w.list(e.codes.map((c) => w.p(`category.${c}.label`)));
      case 'party.add':
        return `${w.p(`partyRole.${e.role}`)} · ${w.redact ? w.party(e.partyId) : w.u(e.pseudonym)}`;
      case 'referral.make':
        return [w.p(`channel.${e.channel}.name`), w.u(e.reference), w.u(e.ticket)].filter(Boolean).join(' · ');
      case 'intake.submit':
        return w.u(e.narrative);
      case 'case.close':
        return w.p(`closure.${e.reason}`);
      case 'evidence.add':
        return w.u(e.description);
      default: {
        const r = e as unknown as Record<string, unknown>;
        const text = ['text', 'note', 'rationale', 'reason', 'whatWorked', 'measures', 'outcome', 'proposals', 'commitments', 'description'].map((k) => r[k]).find((v) => typeof v === 'string');
        return w.u(text as string | undefined);
      }
    }
  })();
  return detail ? `${w.p(`event.${e.type}`)} — ${detail}` : w.p(`event.${e.type}`);
}

/** The school's name as set in the app; a document never prints a bare dash for it. */
const school = (input: PdfInput, w: ReturnType<typeof words>) => (input.school.trim() ? w.u(input.school) : w.t('schoolNotSet'));

function cover(wr: Writer, input: PdfInput, w: ReturnType<typeof words>, title: PdfKey) {
  wr.heading(w.t(title), 1);
  wr.paragraph(w.t('confidential'), { bold: true, size: 10 });
  wr.fields([
    [w.t('school'), school(input, w)],
    [w.t('caseRef'), isolate(input.caseRef)],
    [w.t('protocol'), isolate(PROTOCOL_VERSION)],
    [w.t('generated'), w.d(input.generatedAt)],
    // Base64 without its padding: a trailing "=" is a neutral character, which extractors move to the start
    // of the line on an Arabic page; the 43 characters before it are the whole hash.
    ...(input.chainHead ? [[w.t('chainHead'), isolate(input.chainHead.replace(/=+$/, ''))] as [string, string]] : []),
  ]);
}

function summary(wr: Writer, input: PdfInput, w: ReturnType<typeof words>) {
  const ctx = input.snapshot.context;
  const yes = TRIGGER_IDS.filter((id) => ctx.triggers[id]?.answer === 'yes');
  wr.heading(w.t('summary'));
  wr.fields([
    [w.t('stage'), w.p(`step.${stepOf(input.snapshot)}.title`)],
    [w.t('level'), ctx.level === undefined ? w.t('notRated') : `${ctx.level} · ${w.p(`severity.${ctx.level}.label`)}`],
    [w.t('triggers'), yes.length ? w.items(yes.map((id) => `${id} · ${w.p(`trigger.${id}.label`)}`)) : w.t('none')],
    [w.t('categories'), ctx.categories.length ? w.list(ctx.categories.map((c) => w.p(`category.${c}.label`))) : w.t('none')],
    [w.t('track'), ctx.track ? w.f(`opt.track.${ctx.track}`) : w.t('none')],
  ]);
}

function deadlines(wr: Writer, input: PdfInput, w: ReturnType<typeof words>) {
  const ctx = input.snapshot.context;
  const rows = DEADLINES.flatMap((d) => {
    const clock = ctx.clocks[d.id];
    if (!clock) return [];
    const due = addDuration(clock.startedAt, d.duration, input.calendar);
    const status = clock.satisfiedAt ? (clock.satisfiedAt <= due ? 'met' : 'late') : input.generatedAt > due ? 'overdue' : 'pending';
    return [[w.p(d.textKey), w.d(due), w.t(status)]];
  });
  if (rows.length === 0) return;
  wr.heading(w.t('deadlines'));
  wr.table([w.t('deadline'), w.t('due'), w.t('status')], rows, [0.6, 0.22, 0.18]);
}

function parties(wr: Writer, input: PdfInput, w: ReturnType<typeof words>) {
  const ctx = input.snapshot.context;
  wr.heading(w.t('parties'));
  if (input.redact) wr.paragraph(w.t('redacted'), { muted: true });
  const age = (x: (typeof ctx.parties)[number]) => (x.ageBand ? w.p(`ageBand.${x.ageBand}`) : '');
  // A redacted copy names no one and says nothing of the class: the pupils of one class are a short list.
  if (input.redact) {
    wr.table([w.t('pseudonym'), w.t('role'), w.t('age')], ctx.parties.map((x) => [w.party(x.id), w.p(`partyRole.${x.role}`), age(x)]), [0.4, 0.3, 0.3]);
    return;
  }
  const headers = [w.t('pseudonym'), w.t('name'), w.t('role'), w.t('className'), w.t('age')];
  const rows = ctx.parties.map((x) => [w.u(x.pseudonym), w.u(x.name), w.p(`partyRole.${x.role}`), w.u(x.className), age(x)]);
  wr.table(headers, rows, [0.22, 0.22, 0.22, 0.14, 0.2]);
}

function evidence(wr: Writer, input: PdfInput, w: ReturnType<typeof words>) {
  const items = input.snapshot.context.evidence;
  if (items.length === 0) return;
  wr.heading(w.t('evidence'));
  wr.table(
    [w.f('field.description'), w.f('field.platform'), w.f('field.url'), w.f('field.capturedAt')],
    items.map((x) => [
      x.isIntimateImageOfMinor ? `${w.u(x.description)} — ${w.t('describedOnly')}` : w.u(x.description),
      x.platform ? w.p(`platform.${x.platform}`) : '',
      x.isIntimateImageOfMinor ? '' : [x.url, x.accountHandle].filter(Boolean).map(w.u).join(' '),
      x.capturedAt ? w.d(x.capturedAt) : w.d(x.at),
    ]),
    [0.4, 0.15, 0.28, 0.17],
  );
}

function referrals(wr: Writer, input: PdfInput, w: ReturnType<typeof words>) {
  const items = input.snapshot.context.referrals;
  if (items.length === 0) return;
  wr.heading(w.t('referrals'));
  wr.table(
    [w.f('field.channel'), w.t('reference'), w.t('when'), w.t('status')],
    items.map((r) => [
      w.p(`channel.${r.channel}.name`),
      [r.reference, r.ticket].filter(Boolean).map(w.u).join(' · '),
      w.d(r.at),
      r.result ? `${w.f(`opt.status.${r.result}`)}${r.outcome ? ` — ${w.u(r.outcome)}` : ''}` : r.acknowledgements.length > 0 ? w.t('acknowledged') : w.t('pending'),
    ]),
    [0.32, 0.22, 0.2, 0.26],
  );
}

function chronology(wr: Writer, input: PdfInput, w: ReturnType<typeof words>) {
  wr.heading(w.t('chronology'));
  wr.table(
    [w.t('when'), w.t('who'), w.t('what')],
    input.events.map((e) => [w.d(e.at), w.u(e.by), describe(e.event, w)]),
    [0.2, 0.2, 0.6],
  );
}

function caseFile(wr: Writer, input: PdfInput, w: ReturnType<typeof words>) {
  const ctx = input.snapshot.context;
  cover(wr, input, w, 'caseFile');
  summary(wr, input, w);
  deadlines(wr, input, w);
  parties(wr, input, w);
  if (ctx.intake) {
    wr.heading(w.t('facts'));
    wr.paragraph(w.u(ctx.intake.narrative));
  }
  wr.heading(w.t('triage'));
  wr.fields([
    // A level forced by a hard trigger is explained by the trigger itself, in the document's language.
    ...ctx.severityHistory.map((s): [string, string] => {
      const trigger = s.cause === 'trigger.answer' ? /T\d/.exec(s.rationale)?.[0] : undefined;
      return [`${w.t('level')} ${s.level} · ${w.d(s.at)}`, trigger ? `${trigger} · ${w.p(`trigger.${trigger}.label`)}` : w.u(s.rationale)];
    }),
    ...(ctx.screening ? [[w.t('screening'), w.t(ctx.screening.result)] as [string, string]] : []),
  ]);
  evidence(wr, input, w);
  referrals(wr, input, w);
  const notices = ctx.families.flatMap((f) => f.log.map((x) => ({ ...x, partyId: f.partyId })));
  if (notices.length > 0) {
    wr.heading(w.t('parentNotices'));
    wr.table(
      [w.t('when'), w.f('field.partyId'), w.t('what')],
      notices
        .sort((a, b) => a.seq - b.seq)
        .map((x) => {
          // The detail is the means of contact (a code) or a free-text reason.
          const detail = x.detail && w.hasF(`opt.means.${x.detail}`) ? w.fData(`opt.means.${x.detail}`) : w.u(x.detail);
          const extra = [x.note, x.decidedBy].filter(Boolean).map((v) => w.u(v)).join(' · ');
          return [w.d(x.at), w.party(x.partyId, x.partyId), `${w.p(`event.parent.${x.action}`)}${detail ? ` — ${detail}` : ''}${extra ? ` (${extra})` : ''}`];
        }),
      [0.2, 0.2, 0.6],
    );
  }
  if (ctx.interviews.length > 0 || ctx.measures.length > 0) {
    wr.heading(w.t('interventions'));
    wr.table(
      [w.t('when'), w.f('field.partyId'), w.f('field.kind'), w.t('what')],
      [
        ...ctx.interviews.map((x) => [
          w.d(x.at),
          w.party(x.partyId),
          w.f(`opt.interviewKind.${x.kind}`),
          [x.interviewer, x.proposals, x.commitments, x.note].filter(Boolean).map((s) => w.u(s)).join(' — '),
        ]),
        ...ctx.measures.map((m) => [w.d(m.at), '', w.f(`opt.measureKind.${m.kind}`), w.u(m.description)]),
      ],
      [0.18, 0.16, 0.22, 0.44],
    );
  }
  if (ctx.review || ctx.closure) {
    wr.heading(w.t('closure'));
    wr.fields([
      ...(ctx.closure ? [[w.t('reason'), `${w.p(`closure.${ctx.closure.reason}`)} · ${w.d(ctx.closure.at)}`] as [string, string]] : []),
      ...(ctx.review ? [[w.t('whatWorked'), w.u(ctx.review.whatWorked)] as [string, string]] : []),
    ]);
  }
  chronology(wr, input, w);
  wr.heading(w.t('signatures'));
  wr.signatures([w.t('caseLead'), w.t('head')], w.t('date'), w.t('signature'));
}

function referral(wr: Writer, input: PdfInput, w: ReturnType<typeof words>) {
  const ctx = input.snapshot.context;
  cover(wr, input, w, 'referral');
  summary(wr, input, w);
  wr.heading(w.t('facts'));
  wr.paragraph(w.u(ctx.intake?.narrative ?? ''));
  evidence(wr, input, w);
  wr.heading(w.t('whatSchoolDid'));
  wr.table(
    [w.t('when'), w.t('what')],
    input.events.filter((e) => !['party.add', 'trigger.answer', 'note.add'].includes(e.event.type)).map((e) => [w.d(e.at), describe(e.event, w)]),
    [0.22, 0.78],
  );
  referrals(wr, input, w);
  wr.signatures([w.t('head')], w.t('date'), w.t('signature'));
}

/** A Moroccan mobile number as people write it: +212 6 24 40 58 89. */
const phone = (n: string) => n.replace(/^\+212(\d)(\d{2})(\d{2})(\d{2})(\d{2})$/, '+212 $1 $2 $3 $4 $5');

/**
 * A letter one family can act on, about their own child only: no other child is named, and nothing typed about
 * the facts is printed (it names others), nor which authorities were called (an author's family could be
 * warned of an inquiry). What the school is doing, what the parents can do, who to reach at
 * the school, the helpline (Espace Maroc Cyberconfiance: site, telephone, WhatsApp hours) and the emergency
 * numbers, all from protocol/channels.ts.
 */
function parentsLetter(wr: Writer, input: PdfInput, w: ReturnType<typeof words>) {
  const ctx = input.snapshot.context;
  const child = ctx.parties.find((p) => p.id === input.family) ?? ctx.parties.find((p) => p.role === 'target') ?? ctx.parties[0];
  const childName = child ? (input.redact ? w.party(child.id) : w.u(child.name || child.pseudonym)) : '';
  const contact = (c: ReturnType<typeof channelDef>, kind: string) => c.contacts.find((k) => k.kind === kind);
  const emc = channelDef('emcHelpline');
  wr.heading(w.t('parents'), 1);
  wr.fields([
    [w.t('school'), school(input, w)],
    [w.t('caseRef'), isolate(input.caseRef)],
    // Darija and Tamazight families read the month's name (docs/decisions/0020); the other letters keep digits (docs/decisions/0008).
    [w.t('date'), isPartialLanguage(input.lang) ? longDay(input.lang, pdfDate(input.generatedAt, input.calendar, false).replace(/\//g, '-')) : pdfDate(input.generatedAt, input.calendar, false)],
    ...(childName ? [[w.t('child'), childName] as [string, string]] : []),
    [w.t('contact'), input.contact?.trim() ? w.u(input.contact) : w.t('contactTeam')],
  ]);
  // One page: the family reads it at once, and the signatures are never alone on a second page.
  wr.paragraph(w.t('parentsIntro'), { size: 9.5 });
  wr.paragraph(w.t('parentsNotice'), { size: 9.5 });
  wr.heading(w.t('parentsDoing'));
  wr.paragraph(w.t('parentsDoingListen'), { size: 9.5 });
  wr.paragraph(ctx.closure ? `${w.t('parentsOutcome')} ${w.p(`closure.${ctx.closure.reason}`)}.` : w.t('parentsDoingMeet'), { size: 9.5 });
  wr.heading(w.t('parentsCanDo'));
  for (const key of ['parentsCanDoListen', 'parentsCanDoEvidence', 'parentsCanDoNoReply', 'parentsCanDoReport', 'parentsCanDoNew'] as const) wr.paragraph(`• ${w.t(key)}`, { size: 9.5 });
  wr.heading(w.t('parentsOutside'));
  wr.paragraph(w.p('channel.emcHelpline.name'), { bold: true, size: 9.5 });
  const web = contact(emc, 'url');
  const tel = contact(emc, 'tel');
  const whatsapp = contact(emc, 'whatsapp');
  const note = (c: { noteKey?: string } | undefined) => (c?.noteKey ? ` — ${w.p(c.noteKey)}` : '');
  if (web?.value) wr.paragraph(`${w.t('web')}: ${isolate(web.value)}${note(web)}`, { size: 9.5 });
  if (tel?.value) wr.paragraph(`${w.t('phone')}: ${ltr(phone(tel.value))}`, { size: 9.5 });
  if (whatsapp?.value) wr.paragraph(`${w.t('whatsapp')}: ${ltr(phone(whatsapp.value))}${note(whatsapp)}`, { size: 9.5 });
  // The numbers on lines of their own: in an Arabic sentence, extractors misplace the spaces around digits.
  const number = (id: 'police19' | 'gendarmerie177') => ltr(contact(channelDef(id), 'tel')?.value ?? '');
  wr.paragraph(w.t('emergency'), { bold: true, size: 9.5 });
  wr.fields([
    [w.t('police'), number('police19')],
    [w.t('gendarmerie'), number('gendarmerie177')],
  ]);
  wr.paragraph(w.t('regards'), { size: 9.5 });
  wr.signatures([w.t('forTheTeam'), w.t('head')], w.t('date'), w.t('signature'), 22);
}

/** A trainer's handout: the story of a scenario, event by event, with the narration and the step it leads to. */
export function buildHandout(
  scenario: Scenario,
  lang: Language,
  calendar: SchoolCalendar,
  fonts: PdfFonts,
): jsPDF {
  const p = (key: string) => protocolText(lang, key);
  const t = (key: PdfKey, vars?: Record<string, string>) => pdfText(lang, key, vars);
  const wr = new Writer(fonts, lang, `${t('handout')} · ${scenario.title[lang]}`, (x, y) => `${isolate(scenario.id)} · ${t('page', { x: String(x), y: String(y) })}`);
  wr.heading(scenario.title[lang], 1);
  wr.paragraph(t('handout'), { bold: true });
  wr.paragraph(t('handoutNote'), { muted: true });
  wr.paragraph(scenario.summary[lang]);
  wr.heading(t('story'));
  let snapshot = initialSnapshot(scenario.id);
  const w = words({ lang, caseRef: scenario.id, snapshot, events: [], school: '', generatedAt: scenario.steps[0]?.event.at ?? '', calendar, redact: false });
  const rows = scenario.steps.map(({ event, narration }, i) => {
    snapshot = applyCaseEvent(snapshot, event, i, scenario.steps[i - 1]?.event.at);
    return [pdfDate(event.at, calendar), `${describe(event, w)}${narration ? ` — ${narration[lang]}` : ''}`, p(`step.${stepOf(snapshot)}.title`)];
  });
  wr.table([t('when'), t('what'), t('reached')], rows, [0.18, 0.6, 0.22]);
  const decisions = scenario.steps.flatMap((s, i) => (s.decision ? [{ n: i + 1, d: s.decision }] : []));
  if (decisions.length > 0) {
    wr.heading(t('decisions'));
    for (const { n, d } of decisions) {
      wr.paragraph(`${t('decisionBefore', { n: String(n) })} — ${d.question[lang]}`, { bold: true });
      for (const c of d.choices) {
        wr.paragraph(`${c.safe ? t('safeChoice') : t('unsafeChoice')}: ${c.text[lang]}`, { bold: c.safe });
        wr.paragraph(`${c.why[lang]}${c.refused ? ` ${t('refusedChoice')}` : ''}`, { muted: true });
      }
      wr.paragraph(`${t('protocolAnswer')}: ${d.answer[lang]}`);
    }
  }
  return wr.finish();
}

/** A document the partial catalogs do not cover: only the parents' letter exists in Darija and Tamazight. */
export class PartialLanguageDocumentError extends Error {
  constructor(
    readonly doc: PdfDoc,
    readonly lang: InterfaceLanguage,
  ) {
    super(`the ${doc} document is not written in ${lang}: only the parents' letter is (docs/decisions/0020)`);
  }
}

/** Builds one document in one language; user text in any script prints inside it in the right order. */
export function buildPdf(doc: PdfDoc, input: PdfInput, fonts: PdfFonts): jsPDF {
  if (doc !== 'parents' && isPartialLanguage(input.lang)) throw new PartialLanguageDocumentError(doc, input.lang);
  const w = words(input);
  // The title names the document and the case, never a person: viewers show it in their window and tab.
  const title = `${w.t(({ case: 'caseFile', referral: 'referral', parents: 'parents' } as const)[doc])} · ${input.caseRef}`;
  const wr = new Writer(fonts, input.lang, title, (x, y) => `${isolate(input.caseRef)} · ${w.t('page', { x: String(x), y: String(y) })}`);
  ({ case: caseFile, referral, parents: parentsLetter })[doc](wr, input, w);
  return wr.finish();
}
