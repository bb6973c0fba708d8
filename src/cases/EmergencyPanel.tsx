import { useEffect, useRef, useState } from 'react';
import type { CaseEvent } from '../../machines/events';
import { authorityAcknowledged, awaitingAuthority, hardTriggers } from '../../machines/facts';
import { channelsNow } from '../../machines/guidance';
import { emergencyBlockers } from '../../machines/rules';
import { whyRefused } from '../../machines/replay';
import type { CaseSnapshot } from '../../machines/replay';
import { ALSO_CONTACT, AUTHORITY_FOR, INVESTIGATING_AUTHORITIES, isAuthorityFor } from '../../protocol/authority';
import type { ChannelId } from '../../protocol/channels';
import { Breakable } from '../app/Breakable';
import { useI18n } from '../app/i18n';
import { useRecord } from '../storage/app-db';
import { nowIso, useSave } from './use-save';

/**
 * Who to call now, offline, and the record of each call as it happens ("called 19 at 10:42, ref …"); which
 * authority each "yes" trigger still waits for; and, until the case may leave this step, the rule that keeps it.
 */
export function EmergencyPanel({ caseId, snapshot, author }: { caseId: string; snapshot: CaseSnapshot; author: string }) {
  const { t, p, when, why } = useI18n();
  const record = useRecord();
  const ctx = snapshot.context;
  const channels = channelsNow(snapshot);
  const [channel, setChannel] = useState<ChannelId | ''>(channels[0]?.id ?? '');
  const [reference, setReference] = useState('');
  const [contactPerson, setContactPerson] = useState('');
  const [acknowledged, setAcknowledged] = useState(false);
  const [safeNote, setSafeNote] = useState('');
  const names = { party: (id: string) => ctx.parties.find((x) => x.id === id)?.pseudonym ?? id };
  const { error, busy, save } = useSave(names);

  const recordCall = async () => {
    if (!channel) return;
    const at = nowIso();
    const referralId = `r${ctx.referrals.length + 1}`;
    const events: CaseEvent[] = [
      { type: 'referral.make', at, by: author, referralId, channel, ...(reference.trim() ? { reference: reference.trim() } : {}), ...(contactPerson.trim() ? { contactPerson: contactPerson.trim() } : {}) },
    ];
    if (acknowledged) events.push({ type: 'referral.acknowledge', at, by: author, referralId, ...(reference.trim() ? { reference: reference.trim() } : {}) });
    if (await save(() => record(caseId, events))) {
      setReference('');
      setContactPerson('');
      setAcknowledged(false);
    }
  };
  const acknowledge = (referralId: string, schoolMayInterview: boolean) =>
    void save(() => record(caseId, { type: 'referral.acknowledge', at: nowIso(), by: author, referralId, ...(schoolMayInterview ? { schoolMayInterview } : {}) }));
  const resolve: CaseEvent = { type: 'emergency.resolve', at: nowIso(), by: author };
  const blocked = whyRefused(snapshot, resolve);
  const waiting = awaitingAuthority(ctx);
  const blockers = emergencyBlockers(ctx);
  // The tap that escalates may be far down the triage questions: the calls come to the top of the screen,
  // and focus with them, so a phone shows the numbers at once and a screen reader says where it is.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
    heading.current?.closest('section')?.scrollIntoView({ block: 'start' });
  }, []);

  return (
    <section className="panel emergency" aria-labelledby="emergency-panel-title" data-keep-on-lock>
      <h3 id="emergency-panel-title" ref={heading} tabIndex={-1}>
        {t('emergency.callNow')}
      </h3>
      <ul className="phones">
        {channels.flatMap((c) =>
          c.contacts
            .filter((k) => k.value && (k.kind === 'tel' || k.kind === 'whatsapp' || k.kind === 'url'))
            .map((k) => (
              <li key={`${c.id}-${k.kind}`}>
                <a href={k.kind === 'tel' ? `tel:${k.value}` : k.kind === 'whatsapp' ? `https://wa.me/${(k.value ?? '').replace(/\D/g, '')}` : k.value} rel="noreferrer">
                  <bdi className={k.kind === 'tel' ? 'number' : 'address'}>{k.kind === 'url' ? <Breakable text={(k.value ?? '').replace(/^https?:\/\//, '')} /> : k.value}</bdi>
                  <span>{p(`channel.${c.id}.name`)}</span>
                </a>
              </li>
            )),
        )}
      </ul>

      <h4>{t('emergency.authorities')}</h4>
      <ul className="authorities">
        {hardTriggers(ctx).map((trigger) => (
          <li key={trigger} className={authorityAcknowledged(ctx, trigger) ? 'ok' : 'waiting'}>
            <strong>
              <bdi>{trigger}</bdi>
            </strong>{' '}
            · {AUTHORITY_FOR[trigger].map((c) => p(`channel.${c}.name`)).join(' / ')} —{' '}
            {t(authorityAcknowledged(ctx, trigger) ? 'emergency.authorityOk' : 'emergency.authorityWaiting')}
            {ALSO_CONTACT[trigger].length > 0 && (
              <span className="hint"> · {t('emergency.alsoContact', { channels: ALSO_CONTACT[trigger].map((c) => p(`channel.${c}.name`)).join(' / ') })}</span>
            )}
          </li>
        ))}
      </ul>

      <h4>{t('emergency.contacts')}</h4>
      <ul className="contacts">
        {ctx.referrals.map((r) => (
          <li key={r.id}>
            {t('emergency.calledAt', { channel: p(`channel.${r.channel}.name`), time: when(r.at) })}
            {r.reference && (
              <>
                {' · '}
                <bdi>{r.reference}</bdi>
              </>
            )}
            {r.acknowledgements.length > 0 && ` · ${t('emergency.acknowledged')}`}
            {r.acknowledgements.some((a) => a.schoolMayInterview) && ` · ${t('emergency.agreed')}`}
            {r.status !== 'closed' && (
              <span className="buttons">
                {/* Asked again when a later "yes" waits for this authority: the acknowledgement must follow that "yes". */}
                {(r.acknowledgements.length === 0 || waiting.some((trigger) => isAuthorityFor(r.channel, trigger))) && (
                  <button type="button" className="secondary" aria-disabled={busy || undefined} onClick={() => !busy && acknowledge(r.id, false)}>
                    {t('emergency.markAcknowledged')}
                  </button>
                )}
                {INVESTIGATING_AUTHORITIES.includes(r.channel) && !r.acknowledgements.some((a) => a.schoolMayInterview) && (
                  <button type="button" className="secondary" aria-disabled={busy || undefined} onClick={() => !busy && acknowledge(r.id, true)}>
                    {t('emergency.markAgreed')}
                  </button>
                )}
              </span>
            )}
          </li>
        ))}
      </ul>

      <fieldset>
        <legend>{t('emergency.record')}</legend>
        <label className="field">
          <span>{t('emergency.channel')}</span>
          <select id="call-channel" autoComplete="off" value={channel} onChange={(e) => setChannel(e.target.value as ChannelId)}>
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {p(`channel.${c.id}.name`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('emergency.reference')}</span>
          <input id="call-reference" autoComplete="off" dir="auto" value={reference} onChange={(e) => setReference(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('emergency.contactPerson')}</span>
          <input id="call-contact" autoComplete="off" dir="auto" value={contactPerson} onChange={(e) => setContactPerson(e.target.value)} />
        </label>
        <label className="chip">
          <input id="call-acknowledged" autoComplete="off" type="checkbox" checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} />
          {t('emergency.acknowledged')}
        </label>
        <button type="button" aria-disabled={busy || !channel || undefined} onClick={() => !busy && channel && void recordCall()}>
          {t('emergency.record')}
        </button>
      </fieldset>

      {!(ctx.emergency?.safetyConfirmed && ctx.emergency.safetyConfirmed.seq > (ctx.yesHistory.at(-1)?.seq ?? -1)) && (
        <fieldset>
          <legend>{t('emergency.confirmSafe')}</legend>
          <label className="field">
            <span>{t('emergency.safe')}</span>
            <textarea id="safety-note" autoComplete="off" dir="auto" rows={2} value={safeNote} onChange={(e) => setSafeNote(e.target.value)} />
          </label>
          <button
            type="button"
            aria-disabled={busy || !safeNote.trim() || undefined}
            onClick={() => !busy && safeNote.trim() && void save(() => record(caseId, { type: 'safety.confirm', at: nowIso(), by: author, note: safeNote.trim() }))}
          >
            {t('emergency.confirmSafe')}
          </button>
        </fieldset>
      )}
      {error && (
        <p className="problems" role="alert">
          {error}
        </p>
      )}
      {blockers.length > 0 && (
        <div className="blockers" role="group" aria-labelledby="emergency-blockers-title">
          <h4 id="emergency-blockers-title">{t('emergency.stillNeeded')}</h4>
          <ul>
            {blockers.map((b) => (
              <li key={`${b.code}-${b.params?.trigger ?? ''}`}>{why(b, names)}</li>
            ))}
          </ul>
        </div>
      )}
      <button type="button" aria-disabled={busy || blocked !== null || undefined} onClick={() => !busy && blocked === null && void save(() => record(caseId, { ...resolve, at: nowIso() }))}>
        {t('emergency.resolve')}
      </button>
    </section>
  );
}
