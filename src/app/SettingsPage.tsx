import { useState } from 'react';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import type { HolidayRange, SchoolCalendar } from '../../protocol/calendar';
import { catalog } from '../../protocol/text';
import { CALENDAR_KEY, deleteSetting, saveSetting, useSchoolCalendar, useSettings } from '../storage/app-db';
import { useI18n } from './i18n';
import { href } from './router';
import { SecuritySettings } from './SecuritySettings';

/** School name, the team (names used as authors), who is using this device, the school calendar, security. */
export function SettingsPage() {
  const saved = useSettings(['school', 'team', 'author']);
  const calendar = useSchoolCalendar();
  if (!saved || !calendar) return null;
  return <SettingsForm school={(saved.school as string) ?? ''} team={(saved.team as string[]) ?? []} author={(saved.author as string) ?? ''} calendar={calendar} />;
}

function SettingsForm({ school, team, author, calendar }: { school: string; team: string[]; author: string; calendar: SchoolCalendar }) {
  const { t, p, lang } = useI18n();
  const [member, setMember] = useState('');
  const [holiday, setHoliday] = useState<HolidayRange>({ from: '', to: '', label: '' });
  const holidayLabel = (h: HolidayRange) => (catalog(lang)[h.label] ? p(h.label) : h.label);
  const saveCalendar = (holidays: HolidayRange[]) => saveSetting(CALENDAR_KEY, { ...calendar, holidays });
  const sorted = [...calendar.holidays].sort((a, b) => a.from.localeCompare(b.from));

  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">{t('settings.title')}</h2>
      <p>
        <a href={href({ name: 'backup' })}>{t('backup.title')}</a>
      </p>
      <label className="field">
        <span>{t('settings.school')}</span>
        <input dir="auto" defaultValue={school} onBlur={(e) => void saveSetting('school', e.target.value.trim())} />
      </label>

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
          <input dir="auto" value={member} onChange={(e) => setMember(e.target.value)} />
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

      <fieldset>
        <legend>{t('settings.calendar')}</legend>
        <ul className="holidays">
          {sorted.map((h) => (
            <li key={`${h.from}-${h.label}`}>
              <time dateTime={h.from}>{h.from}</time>
              {h.to !== h.from && (
                <>
                  {' – '}
                  <time dateTime={h.to}>{h.to}</time>
                </>
              )}{' '}
              <span dir="auto">{holidayLabel(h)}</span>{' '}
              <button type="button" className="secondary" onClick={() => void saveCalendar(calendar.holidays.filter((x) => x !== h))}>
                {t('report.party.remove')}
              </button>
            </li>
          ))}
        </ul>
        <label className="field">
          <span>{t('settings.holidayFrom')}</span>
          <input type="date" value={holiday.from} onChange={(e) => setHoliday({ ...holiday, from: e.target.value, to: holiday.to || e.target.value })} />
        </label>
        <label className="field">
          <span>{t('settings.holidayTo')}</span>
          <input type="date" value={holiday.to} min={holiday.from} onChange={(e) => setHoliday({ ...holiday, to: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('settings.holidayLabel')}</span>
          <input dir="auto" value={holiday.label} onChange={(e) => setHoliday({ ...holiday, label: e.target.value })} />
        </label>
        <button
          type="button"
          disabled={!holiday.from || !holiday.to || holiday.to < holiday.from || !holiday.label.trim()}
          onClick={() => {
            void saveCalendar([...calendar.holidays, { ...holiday, label: holiday.label.trim() }]);
            setHoliday({ from: '', to: '', label: '' });
          }}
        >
          {t('settings.addHoliday')}
        </button>{' '}
        <button type="button" className="secondary" disabled={calendar === DEFAULT_CALENDAR} onClick={() => void deleteSetting(CALENDAR_KEY)}>
          {t('settings.resetCalendar')}
        </button>
      </fieldset>
      <SecuritySettings />
    </section>
  );
}
