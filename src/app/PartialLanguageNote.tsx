import { LANGUAGE_NAMES, directionOf } from '../i18n/ui';
import { useI18n } from './i18n';

/**
 * With Darija or Tamazight on, one note at the top of every page, in that language: what is not translated
 * shows in the fallback language (named in itself, in its own lang), and the translation is machine-made until
 * a native speaker reviews it (docs/decisions/0020). Nothing with a full language on.
 */
export function PartialLanguageNote() {
  const { tl, lang, shown } = useI18n();
  if (shown === lang) return null;
  const note = tl('lang.fallbackNote');
  const [before, after = ''] = note.text.split('{language}');
  const unreviewed = tl('lang.unreviewed');
  return (
    <p className="partial-note" role="note" lang={note.lang} dir={note.dir}>
      {before}
      <span lang={lang} dir={directionOf(lang)}>
        {LANGUAGE_NAMES[lang]}
      </span>
      {after}{' '}
      {unreviewed.unreviewed || note.unreviewed ? (
        <span lang={unreviewed.lang} dir={unreviewed.dir}>
          {unreviewed.text}
        </span>
      ) : null}
    </p>
  );
}
