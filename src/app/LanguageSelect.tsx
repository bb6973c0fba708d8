import { LANGUAGES } from '../../protocol/languages';
import type { InterfaceLanguage } from '../../protocol/languages';
import { LANGUAGE_NAMES, directionOf } from '../i18n/ui';

/**
 * Languages, each named in itself (with its own `lang` and direction, so a screen reader reads ⵜⴰⵎⴰⵣⵉⵖⵜ as
 * Tamazight); the three full ones unless told otherwise. Used for the app, a printed document and the fallback.
 */
export function LanguageSelect<L extends InterfaceLanguage>({
  value,
  onChange,
  languages = LANGUAGES as readonly InterfaceLanguage[] as readonly L[],
  id,
}: {
  value: L;
  onChange: (lang: L) => void;
  languages?: readonly L[];
  id?: string;
}) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value as L)}>
      {languages.map((l) => (
        <option key={l} value={l} lang={l} dir={directionOf(l)}>
          {LANGUAGE_NAMES[l]}
        </option>
      ))}
    </select>
  );
}
