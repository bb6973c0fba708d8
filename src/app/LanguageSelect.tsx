import { LANGUAGES } from '../../protocol/languages';
import type { Language } from '../../protocol/languages';
import { LANGUAGE_NAMES } from '../i18n/ui';

/** The three languages, each named in itself; used for the app and for a printed document. */
export function LanguageSelect({ value, onChange }: { value: Language; onChange: (lang: Language) => void }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value as Language)}>
      {LANGUAGES.map((l) => (
        <option key={l} value={l} lang={l}>
          {LANGUAGE_NAMES[l]}
        </option>
      ))}
    </select>
  );
}
