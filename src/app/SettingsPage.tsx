import { Suspense, lazy, useId, useState } from 'react';
import { DEFAULT_SCHOOL_CALENDAR, localDate } from '../../protocol/calendar';
import type { HolidayRange, SchoolCalendar } from '../../protocol/calendar';
import { VACATION_TEXT } from '../../protocol/school-calendar-2026-2027';
import type { UiKey } from '../i18n/ui';
import { CALENDAR_KEY, deleteSetting, saveSetting, useSchoolCalendar, useSettings } from '../storage/app-db';
import { useI18n } from './i18n';
import { href } from './router';
import { SecuritySettings } from './SecuritySettings';
import { RetentionSettings } from '../retention-ui/RetentionSettings';

// Team sync: its code comes with this page only when opened; the replicator only once sync is on.
const TeamSection = lazy(() => import('../sync-ui/TeamSection'));

/** School name, the team (names used as authors), who is using this device, the school calendar, security. */
export function SettingsPage() {
  const { t } = useI18n();
  const saved = useSettings(['school', 'team', 'author']);
  const calendar = useSchoolCalendar();
  if (!saved || !calendar) return null;
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">{t('settings.title')}</h2>
      <SettingsForm school={(saved.school as string) ?? ''} team={(saved.team as string[]) ?? []} author={(saved.author as string) ?? ''} />
      <Suspense fallback={null}>
        <TeamSection />
      </Suspense>
      <CalendarSettings calendar={calendar} />
      <RetentionSettings />
      <SecuritySettings />
    </section>
  );
}

function SchoolName({ school }: { school: string }) {
  const { t } = useI18n();
  const hint = useId();
  // A vault created before the name was asked at first run has none: say so at once.
  const [missing, setMissing] = useState(!school);
  return (
    <div className="field">
      <label htmlFor="settings-school">{t('settings.school')}</label>
      <input
        id="settings-school"
        autoComplete="off"
        dir="auto"
        defaultValue={school}
        required
        aria-describedby={hint}
        aria-invalid={missing || undefined}
        onBlur={(e) => {
          const name = e.target.value.trim();
          // Printed on every document: an emptied field keeps the name saved before and says why.
          setMissing(!name);
          if (name) void saveSetting('school', name);
        }}
      />
      <span id={hint} className={missing ? 'problems' : 'hint'} role={missing ? 'alert' : undefined}>
        {t(missing ? 'settings.schoolRequired' : 'settings.schoolHint')}
      </span>
    </div>
  );
}

function SettingsForm({ school, team, author }: { school: string; team: string[]; author: string }) {
  const { t } = useI18n();
  const [member, setMember] = useState('');

  return (
    <>
      <p>
        <a href={href({ name: 'backup' })}>{t('backup.title')}</a>
      </p>
      <SchoolName school={school} />

      <fieldset>
        <legend>{t('settings.team')}</legend>
        <ul>
          {team.map((m) => (
            <li key={m}>
              <bdi>{m}</bdi>{' '}
              <button type="button" className="secondary" onClick={() => void saveSetting('team', team.filter((x) => x !== m))}>
                {t('report.party.remove')}
              </button>
            </li>
          ))}
        </ul>
        <label className="field">
          <span>{t('settings.memberName')}</span>
          <input dir="auto" autoComplete="off" value={member} onChange={(e) => setMember(e.target.value)} />
        </label>
        <button
          type="button"
          disabled={!member.trim() || team.includes(member.trim())}
          onClick={() => {
            void saveSetting('team', [...team, member.trim()]);
            setMember('');
          }}
        >
          {t('settings.addMember')}
        </button>
        <label className="field">
          <span>{t('settings.me')}</span>
          <select value={author} onChange={(e) => void saveSetting('author', e.target.value)}>
            <option value="">{t('choice.unset')}</option>
            {[...new Set([...team, ...(author ? [author] : [])])].map((m) => (
              <option key={m} value={m} dir="auto">
                {m}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
    </>
  );
}

type Kind = 'holiday' | 'vacation';
interface DayOff {
  kind: Kind;
  range: HolidayRange;
}

/** What a new day off still lacks, in the order the fields are filled. */
function problemsOf(kind: Kind, from: string, to: string, label: string, calendar: SchoolCalendar): UiKey[] {
  const problems: UiKey[] = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from)) problems.push('settings.needFrom');
  else if (to && to < from) problems.push('settings.toBeforeFrom');
  if (!label.trim()) problems.push('settings.needLabel');
  const list = kind === 'vacation' ? calendar.vacations : calendar.holidays;
  if (problems.length === 0 && list.some((h) => h.from === from && h.to === (to || from) && h.label === label.trim())) problems.push('settings.duplicate');
  return problems;
}

function CalendarSettings({ calendar }: { calendar: SchoolCalendar }) {
  const { t, p, hasP, tx, lang, day } = useI18n();
  const [kind, setKind] = useState<Kind>('holiday');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [label, setLabel] = useState('');
  const [problems, setProblems] = useState<UiKey[]>([]);
  const ids = useId();
  // Read once when the page opens: which dates are past does not change while the calendar is edited.
  const [now] = useState(() => new Date().toISOString());
  // The box follows a click at once, then the saved calendar (another tab, or "back to the national calendar").
  const [saturday, setSaturday] = useState(calendar.saturdayMorning);
  const [savedSaturday, setSavedSaturday] = useState(calendar.saturdayMorning);
  if (savedSaturday !== calendar.saturdayMorning) {
    setSavedSaturday(calendar.saturdayMorning);
    setSaturday(calendar.saturdayMorning);
  }
  const save = (changes: Partial<SchoolCalendar>) => saveSetting(CALENDAR_KEY, { ...calendar, ...changes });

  const labelOf = (h: HolidayRange) => (hasP(h.label) ? p(h.label) : VACATION_TEXT[lang][h.label] ? tx(VACATION_TEXT, h.label) : h.label);
  const remove = (d: DayOff) =>
    void save(d.kind === 'vacation' ? { vacations: calendar.vacations.filter((x) => x !== d.range) } : { holidays: calendar.holidays.filter((x) => x !== d.range) });
  const all: DayOff[] = [
    ...calendar.holidays.map((range) => ({ kind: 'holiday' as const, range })),
    ...calendar.vacations.map((range) => ({ kind: 'vacation' as const, range })),
  ].sort((a, b) => a.range.from.localeCompare(b.range.from) || a.range.to.localeCompare(b.range.to));
  // A day off is past once its last day is: today's vacation stays in view.
  const today = localDate(now, calendar);
  const past = all.filter((d) => d.range.to < today);
  const ahead = all.filter((d) => d.range.to >= today);

  const row = (d: DayOff) => {
    // Numbered in the whole calendar, not in its list: the rows ahead and the past ones never share an id.
    const id = `${ids}-day-${all.indexOf(d)}`;
    return (
      <li key={`${d.kind}-${d.range.from}-${d.range.to}-${d.range.label}`} className={d.kind}>
        <span id={id} className="day-off">
          <span className="dates">
            <time dateTime={d.range.from}>{day(d.range.from)}</time>
            {d.range.to !== d.range.from && (
              <>
                {' – '}
                <time dateTime={d.range.to}>{day(d.range.to)}</time>
              </>
            )}
          </span>{' '}
          <span dir="auto" className="name">
            {labelOf(d.range)}
          </span>{' '}
          <span className="kind">{t(d.kind === 'vacation' ? 'settings.kindVacation' : 'settings.kindHoliday')}</span>
        </span>{' '}
        {/* Described by its row, not labelled: the name stays "Remove" and the row tells which day off. */}
        <button type="button" className="secondary" aria-describedby={id} onClick={() => remove(d)}>
          {t('report.party.remove')}
        </button>
      </li>
    );
  };

  const add = () => {
    const found = problemsOf(kind, from, to, label, calendar);
    setProblems(found);
    if (found.length > 0) return;
    // The last day defaults to the first only now, once the first is complete: typing a date passes through
    // partial values (year 0002, 0020, 0202…) that must never be copied into the other field.
    const range: HolidayRange = { from, to: to || from, label: label.trim() };
    void save(kind === 'vacation' ? { vacations: [...calendar.vacations, range] } : { holidays: [...calendar.holidays, range] });
    setFrom('');
    setTo('');
    setLabel('');
  };

  return (
    <fieldset className="calendar-settings">
      <legend>{t('settings.calendar')}</legend>
      <p className="hint">{t('settings.calendarVerify')}</p>
      <div className="field">
        <label className="chip">
          <input
            type="checkbox"
            checked={saturday}
            aria-describedby={`${ids}-saturday`}
            onChange={(e) => {
              setSaturday(e.target.checked);
              void save({ saturdayMorning: e.target.checked });
            }}
          />
          {t('settings.saturdayMorning')}
        </label>
        <span id={`${ids}-saturday`} className="hint">
          {t('settings.saturdayHint')}
        </span>
      </div>
      {ahead.length === 0 ? <p className="hint">{t('settings.noUpcoming')}</p> : <ul className="days-off">{ahead.map(row)}</ul>}
      {past.length > 0 && (
        <details className="past-days">
          <summary>{t('settings.pastDates', { n: String(past.length) })}</summary>
          <ul className="days-off">{past.map(row)}</ul>
        </details>
      )}

      <div className="add-day-off">
        <label className="field">
          <span>{t('settings.kind')}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="holiday">{t('settings.kindHoliday')}</option>
            <option value="vacation">{t('settings.kindVacation')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('settings.holidayFrom')}</span>
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <div className="field">
          <label htmlFor={`${ids}-to`}>{t('settings.holidayTo')}</label>
          <input id={`${ids}-to`} type="date" value={to} min={from || undefined} aria-describedby={`${ids}-single`} onChange={(e) => setTo(e.target.value)} />
          <span id={`${ids}-single`} className="hint">
            {t('settings.singleDay')}
          </span>
        </div>
        <label className="field">
          <span>{t(kind === 'vacation' ? 'settings.vacationLabel' : 'settings.holidayLabel')}</span>
          <input dir="auto" autoComplete="off" value={label} onChange={(e) => setLabel(e.target.value)} />
        </label>
        {problems.length > 0 && (
          <ul className="problems" role="alert">
            {problems.map((k) => (
              <li key={k}>{t(k)}</li>
            ))}
          </ul>
        )}
        <div className="settings-actions">
          {/* Never disabled: a refused day off says what it lacks instead of leaving the button greyed out. */}
          <button type="button" onClick={add}>
            {t(kind === 'vacation' ? 'settings.addVacation' : 'settings.addHoliday')}
          </button>
          <button type="button" className="secondary" disabled={calendar === DEFAULT_SCHOOL_CALENDAR} onClick={() => void deleteSetting(CALENDAR_KEY)}>
            {t('settings.resetCalendar')}
          </button>
        </div>
      </div>
    </fieldset>
  );
}
