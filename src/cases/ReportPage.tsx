import { useState } from 'react';
import type { FormEvent } from 'react';
import type { CaseEvent } from '../../machines/events';
import { ACTOR_KINDS, AGE_BANDS, PARTY_ROLES, PLATFORMS, REPORTER_ROLES, REPORT_CHANNELS } from '../../protocol/roles';
import type { ActorKind, AgeBand, PartyRole, Platform, ReportChannel, ReporterRole } from '../../protocol/roles';
import { DateField } from '../app/DateField';
import { ErrorSummary, invalidProps } from '../app/ErrorSummary';
import type { FormProblem } from '../app/ErrorSummary';
import { useI18n } from '../app/i18n';
import { navigate, parseRoute } from '../app/router';
import { localProps } from '../i18n/interface-text';
import type { Localized } from '../i18n/interface-text';
import type { UiKey } from '../i18n/ui';
import { deleteSetting, recordNewCase, saveSetting, useSettings } from '../storage/app-db';
import { REPORT_DRAFT_KEY, RETENTION_POLICY_KEY } from '../storage/setting-keys';
import { DEFAULT_RETENTION, draftExpired } from '../../protocol/retention';
import type { RetentionPolicy } from '../../protocol/retention';
import { newCaseId, nowIso, useSave } from './use-save';

interface PartyDraft {
  role: PartyRole;
  pseudonym: string;
  name: string;
  className: string;
  ageBand: AgeBand | '';
}

interface ReportDraft {
  author: string;
  channel: ReportChannel | '';
  reporterRole: ReporterRole | '';
  parties: PartyDraft[];
  narrative: string;
  platforms: Platform[];
  firstKnownDate: string;
  actorKind: ActorKind;
  leadInformed?: boolean;
}

const emptyParty = (role: PartyRole): PartyDraft => ({ role, pseudonym: '', name: '', className: '', ageBand: '' });
const emptyDraft = (author = ''): ReportDraft => ({
  author,
  channel: '',
  reporterRole: '',
  parties: [emptyParty('target')],
  narrative: '',
  platforms: [],
  firstKnownDate: '',
  actorKind: 'student',
});

/** Builds the events of a new case from the form; exported for tests. */
export function reportEvents(d: ReportDraft, at: string): CaseEvent[] {
  const by = d.author.trim();
  const parties = d.parties.filter((x) => x.pseudonym.trim());
  return [
    { type: 'case.report', at, by, channel: d.channel as ReportChannel, reporterRole: d.reporterRole as ReporterRole },
    ...parties.map(
      (x, i): CaseEvent => ({
        type: 'party.add',
        at,
        by,
        partyId: `p${i + 1}`,
        role: x.role,
        pseudonym: x.pseudonym.trim(),
        ...(x.name.trim() ? { name: x.name.trim() } : {}),
        ...(x.className.trim() ? { className: x.className.trim() } : {}),
        ...(x.ageBand ? { ageBand: x.ageBand } : {}),
      }),
    ),
    ...(d.leadInformed ? [{ type: 'lead.inform', at, by, informed: 'both' } as CaseEvent] : []),
    {
      type: 'intake.submit',
      at,
      by,
      narrative: d.narrative.trim(),
      platforms: d.platforms,
      actorKind: d.actorKind,
      ...(d.firstKnownDate ? { firstKnownDate: d.firstKnownDate } : {}),
    },
  ];
}

export function reportProblems(d: ReportDraft): UiKey[] {
  const out: UiKey[] = [];
  if (!d.author.trim()) out.push('report.needAuthor');
  if (!d.parties.some((x) => x.role === 'target' && x.pseudonym.trim())) out.push('report.needTarget');
  if (!d.channel || !d.reporterRole) out.push('report.needChannel');
  if (!d.narrative.trim()) out.push('report.needNarrative');
  if (!d.actorKind) out.push('report.needActorKind');
  return out;
}

/**
 * Waits for the saved draft and author, then shows the form with them. A draft past the retention policy's draft
 * period is not offered, even before the unlock's upkeep has deleted it (src/storage/draft-expiry.ts).
 */
export function ReportPage() {
  const saved = useSettings([REPORT_DRAFT_KEY, 'author', RETENTION_POLICY_KEY]);
  if (!saved) return null;
  const draft = saved[REPORT_DRAFT_KEY] as (ReportDraft & { savedAt?: unknown }) | undefined;
  const policy = { ...DEFAULT_RETENTION, ...(saved[RETENTION_POLICY_KEY] as Partial<RetentionPolicy> | undefined) };
  const expired = typeof draft?.savedAt === 'string' && draftExpired(draft.savedAt, policy, nowIso());
  return <ReportForm initial={draft && !expired ? draft : emptyDraft((saved.author as string | undefined) ?? '')} />;
}

/**
 * Report and intake in one calm form; the draft is saved on the device at every keystroke. In Tamazight the
 * form's words are translated where the partial catalog has them, each element saying its language; what it
 * lacks shows in the fallback the user chose (docs/decisions/0020).
 */
function ReportForm({ initial }: { initial: ReportDraft }) {
  const { t, tl, pl } = useI18n();
  const [draft, setDraft] = useState<ReportDraft>(initial);
  const [problems, setProblems] = useState<UiKey[]>([]);
  const [attempt, setAttempt] = useState(0);
  const { error, busy, save } = useSave();
  const [draftSaved, setDraftSaved] = useState(true);

  const update = (patch: Partial<ReportDraft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    // A full disk must not cost the teacher what is on screen: the form state stays, the hint says so.
    // Stamped: an unsent draft is deleted once the retention policy's draft period has passed since its last change.
    saveSetting(REPORT_DRAFT_KEY, { ...next, savedAt: nowIso() }).then(
      () => setDraftSaved(true),
      () => setDraftSaved(false),
    );
  };
  const updateParty = (i: number, patch: Partial<PartyDraft>) => update({ parties: draft.parties.map((x, j) => (j === i ? { ...x, ...patch } : x)) });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const found = reportProblems(draft);
    setProblems(found);
    setAttempt((n) => n + 1);
    if (found.length > 0) return;
    const id = newCaseId();
    const ok = await save(() => recordNewCase(id, reportEvents(draft, nowIso())));
    if (!ok) return setAttempt((n) => n + 1);
    // The case is saved; remembering the author and dropping the draft are conveniences, and
    // failing them must not make the user save the same case twice.
    await saveSetting('author', draft.author.trim()).catch(() => undefined);
    await deleteSetting(REPORT_DRAFT_KEY).catch(() => undefined);
    // Saving takes a moment (sealing, the ledger): a teacher who went to another page meanwhile stays there, and
    // finds the case in the list, rather than being pulled back to it.
    if (parseRoute(window.location.hash).name === 'report') navigate({ name: 'case', id });
  };

  // Each problem names the control to fix: the summary's items move the focus there.
  const targetIndex = Math.max(0, draft.parties.findIndex((x) => x.role === 'target'));
  const fieldOf: Record<string, string> = {
    'report.needAuthor': 'report-author',
    'report.needTarget': `report-party-${targetIndex}-pseudonym`,
    'report.needChannel': draft.channel ? 'report-reporter-role' : 'report-channel',
    'report.needNarrative': 'report-narrative',
    'report.needActorKind': 'report-actor-kind',
  };
  const summary: FormProblem[] = [...problems.map((k) => ({ text: t(k), field: fieldOf[k] })), ...(error ? [{ text: error }] : [])];
  const invalid = (field: string) => invalidProps(summary, field);

  const select = <T extends string>(id: string, label: Localized, value: T | '', options: readonly T[], text: (o: T) => Localized, onChange: (v: T) => void, required = true) => (
    <label className="field">
      <span className={required ? 'required-field' : undefined} {...localProps(label)} />
      <select id={id} value={value} required={required} onChange={(e) => onChange(e.target.value as T)} {...invalid(id)}>
        <option value="" {...localProps(tl('choice.unset'))} />
        {options.map((o) => (
          <option key={o} value={o} {...localProps(text(o))} />
        ))}
      </select>
    </label>
  );

  return (
    // autoComplete off: the browser must not keep what is typed here for session restore (on disk, in clear).
    <form className="report" onSubmit={submit} aria-labelledby="report-title" noValidate autoComplete="off">
      <h2 id="report-title" {...localProps(tl('report.title'))} />
      <p className="hint" {...localProps(tl('report.intro'))} />
      <p className="hint" {...localProps(tl('form.requiredNote'))} />
      <label className="field">
        <span className="required-field" {...localProps(tl('report.author'))} />
        <input id="report-author" dir="auto" value={draft.author} required onChange={(e) => update({ author: e.target.value })} {...invalid('report-author')} />
      </label>
      {select('report-channel', tl('report.channel'), draft.channel, REPORT_CHANNELS, (o) => pl(`reportChannel.${o}`), (channel) => update({ channel }))}
      {select('report-reporter-role', tl('report.reporterRole'), draft.reporterRole, REPORTER_ROLES, (o) => pl(`reporterRole.${o}`), (reporterRole) => update({ reporterRole }))}

      <fieldset>
        <legend {...localProps(tl('report.parties'))} />
        {draft.parties.map((party, i) => (
          <div className="party" key={i} role="group" aria-label={`${pl(`partyRole.${party.role}`).text} ${i + 1}`}>
            {select(`report-party-${i}-role`, tl('report.party.role'), party.role, PARTY_ROLES, (o) => pl(`partyRole.${o}`), (role) => updateParty(i, { role }))}
            <label className="field">
              {/* The target's pseudonym is what the case is known by: required. */}
              <span className={party.role === 'target' ? 'required-field' : undefined} {...localProps(tl('report.party.pseudonym'))} />
              <input
                id={`report-party-${i}-pseudonym`}
                dir="auto"
                value={party.pseudonym}
                required={party.role === 'target'}
                onChange={(e) => updateParty(i, { pseudonym: e.target.value })}
                {...invalid(`report-party-${i}-pseudonym`)}
              />
            </label>
            <label className="field">
              <span {...localProps(tl('report.party.name'))} />
              <input dir="auto" value={party.name} onChange={(e) => updateParty(i, { name: e.target.value })} />
            </label>
            <label className="field">
              <span {...localProps(tl('report.party.className'))} />
              <input dir="auto" value={party.className} onChange={(e) => updateParty(i, { className: e.target.value })} />
            </label>
            {select(`report-party-${i}-age-band`, tl('report.party.ageBand'), party.ageBand, AGE_BANDS, (o) => pl(`ageBand.${o}`), (ageBand) => updateParty(i, { ageBand }), false)}
            {draft.parties.length > 1 && (
              <button type="button" className="secondary" onClick={() => update({ parties: draft.parties.filter((_, j) => j !== i) })} {...localProps(tl('report.party.remove'))} />
            )}
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => update({ parties: [...draft.parties, emptyParty('allegedAuthor')] })} {...localProps(tl('report.party.add'))} />
      </fieldset>

      <label className="field">
        <span className="required-field" {...localProps(tl('report.narrative'))} />
        <textarea id="report-narrative" dir="auto" rows={5} value={draft.narrative} required onChange={(e) => update({ narrative: e.target.value })} {...invalid('report-narrative')} />
      </label>
      <fieldset>
        <legend {...localProps(tl('report.platforms'))} />
        <div className="chips">
          {PLATFORMS.map((platform) => (
            <label key={platform} className="chip">
              <input
                type="checkbox"
                checked={draft.platforms.includes(platform)}
                onChange={(e) => update({ platforms: e.target.checked ? [...draft.platforms, platform] : draft.platforms.filter((x) => x !== platform) })}
              />
              <span {...localProps(pl(`platform.${platform}`))} />
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label id="report-first-known-label" htmlFor="report-first-known" {...localProps(tl('report.firstKnown'))} />
        <DateField id="report-first-known" labelledBy="report-first-known-label" value={draft.firstKnownDate || undefined} onChange={(iso) => update({ firstKnownDate: iso ?? '' })} />
      </div>
      {select('report-actor-kind', tl('report.actorKind'), draft.actorKind, ACTOR_KINDS, (o) => pl(`actorKind.${o}`), (actorKind) => update({ actorKind }))}

      <label className="chip">
        <input type="checkbox" checked={draft.leadInformed ?? false} onChange={(e) => update({ leadInformed: e.target.checked })} />
        <span {...localProps(tl('report.leadInformed'))} />
      </label>

      <ErrorSummary problems={summary} attempt={attempt} />
      <p className={draftSaved ? 'hint' : 'hint warning'} role={draftSaved ? undefined : 'status'} {...localProps(tl(draftSaved ? 'report.draftKept' : 'report.draftNotSaved'))} />
      <button type="submit" aria-disabled={busy || undefined} {...localProps(tl('report.submit'))} />
    </form>
  );
}
