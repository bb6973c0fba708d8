import { DEFAULT_CALENDAR, localDate } from './calendar';
import type { Language } from './languages';
import type { Refusal } from './refusals';

/**
 * The sentence that says why the protocol refused a record, its placeholders filled in the language: an event
 * or a step by its name, channels by theirs, a date as dd/mm/yyyy at the school's offset. `party` names a
 * person (the UI passes the pseudonym; the CLI keeps the id). `text` reads the protocol catalog of `lang`.
 */
export function describeRefusalWith(lang: Language, text: (key: string) => string, refusal: Refusal, names: { party?: (id: string) => string } = {}): string {
  const list = (values: string, key: (v: string) => string) => values.split(',').filter(Boolean).map(key).join(lang === 'ar' ? '، ' : ', ');
  const fillers: Record<string, (v: string) => string> = {
    event: (v) => text(`event.${v}`),
    step: (v) => text(`step.${v}.title`),
    category: (v) => text(`category.${v}.label`),
    reason: (v) => text(`closure.${v}`),
    channels: (v) => list(v, (c) => text(`channel.${c}.name`)),
    triggers: (v) => list(v, (t) => t),
    missing: (v) => list(v, (m) => text(`action.${m}`)),
    party: (v) => names.party?.(v) ?? v,
    // A period ends at the midnight closing its last day: that day is the one to say.
    until: (v) => localDate(new Date(Date.parse(v) - 1).toISOString(), DEFAULT_CALENDAR).split('-').reverse().join('/'),
  };
  return text(`refusal.${refusal.code}`).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = refusal.params?.[name];
    if (value === undefined) return whole;
    return (fillers[name] ?? ((v: string) => v))(value);
  });
}
