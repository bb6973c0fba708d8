import { useId, useState } from 'react';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { useI18n } from './i18n';
import { formatDayMonthYear, instantAt, parseDayMonthYear, parseTime } from './date-input';

/**
 * A date typed day first (dd/mm/yyyy) in a plain text box, with the format said next to it: the same on every
 * browser, read by screen readers as text, and never turned into a month-first date by the browser's locale.
 * `onChange` receives "yyyy-mm-dd", or undefined while the text is empty or not yet a date.
 */
export function DateField({
  id,
  value,
  onChange,
  labelledBy,
}: {
  id: string;
  value?: string;
  /** `ok`: the text is a date or empty (a form must not save a half-typed date as "no date"). */
  onChange: (isoDate: string | undefined, ok: boolean) => void;
  labelledBy?: string;
}) {
  const { f } = useI18n();
  const hint = useId();
  const [text, setText] = useState(value ? formatDayMonthYear(value) : '');
  const [bad, setBad] = useState(false);
  return (
    <span className="date-field">
      <input
        id={id}
        dir="ltr"
        inputMode="numeric"
        autoComplete="off"
        placeholder="dd/mm/yyyy"
        aria-labelledby={labelledBy}
        aria-describedby={hint}
        aria-invalid={bad || undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const iso = parseDayMonthYear(e.target.value);
          if (iso) setBad(false);
          onChange(iso ?? undefined, iso !== null || e.target.value.trim() === '');
        }}
        onBlur={() => setBad(text.trim() !== '' && !parseDayMonthYear(text))}
      />
      <span id={hint} className={bad ? 'problems' : 'hint'}>
        {f(bad ? 'actions.badDate' : 'actions.dateHint')}
      </span>
    </span>
  );
}

/** A moment: a day (dd/mm/yyyy) and a time of day (hh:mm, 00:00 when left empty), read at the school's offset. */
export function DateTimeField({ id, onChange, labelledBy, onValidity }: { id: string; onChange: (iso: string | undefined) => void; labelledBy?: string; onValidity?: (ok: boolean) => void }) {
  const { f } = useI18n();
  const hint = useId();
  const [day, setDay] = useState<string | undefined>();
  const [dayOk, setDayOk] = useState(true);
  const [time, setTime] = useState('');
  const [bad, setBad] = useState(false);
  const emit = (d: string | undefined, t: string, okDay: boolean) => {
    const hm = t.trim() === '' ? '00:00' : parseTime(t);
    // Valid: nothing typed, or a day with a time (or none); a time without a day, or a bad part, is not.
    onValidity?.(okDay && hm !== null && (d !== undefined || t.trim() === ''));
    onChange(d && hm ? instantAt(d, hm, DEFAULT_CALENDAR) : undefined);
  };
  return (
    <span className="date-field">
      <DateField id={id} labelledBy={labelledBy} onChange={(d, ok) => (setDay(d), setDayOk(ok), emit(d, time, ok))} />
      <input
        id={`${id}-time`}
        dir="ltr"
        inputMode="numeric"
        autoComplete="off"
        placeholder="hh:mm"
        aria-labelledby={labelledBy ? `${labelledBy} ${hint}` : undefined}
        aria-invalid={bad || undefined}
        className="time"
        value={time}
        onChange={(e) => (setTime(e.target.value), emit(day, e.target.value, dayOk))}
        onBlur={() => setBad(time.trim() !== '' && !parseTime(time))}
      />
      <span id={hint} className={bad ? 'problems' : 'hint'}>
        {f(bad ? 'actions.badTime' : 'actions.timeHint')}
      </span>
    </span>
  );
}
