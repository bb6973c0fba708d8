import { CHANNELS } from '../../protocol/channels';
import { useI18n } from './i18n';

/**
 * The numbers to call, on every screen, offline. In Darija or Tamazight too: each text carries the language it
 * is really in (the partial catalog's, or the fallback's for what it lacks), so a screen reader reads it right.
 * Those translations are machine-made and not yet reviewed: in an emergency a wrong word must not be the only
 * word, so the fallback language's words are shown beside them (docs/decisions/0020-interface-languages.md).
 */
export function EmergencyNumbers({ top = false }: { top?: boolean }) {
  const { tl, pl, t, p, lang } = useI18n();
  const dir = lang === 'ar' ? 'rtl' : 'ltr';
  const Box = top ? 'div' : 'section';
  const phones = CHANNELS.filter((c) => c.urgent).flatMap((c) =>
    c.contacts.filter((k) => k.kind === 'tel' && k.value).map((k) => ({ id: c.id, number: k.value ?? '' })),
  );
  const title = tl('emergency.title');
  const intro = tl('emergency.intro');
  return (
    // The block at the foot of every page is the one the "Emergency" link reaches, and the page's one landmark
    // of that name; the copy shown at the top of an emergency case is plain content under its own heading.
    <Box className="emergency" {...(top ? {} : { id: 'emergency', 'aria-labelledby': 'emergency-title' })}>
      <h2 id={top ? 'emergency-title-top' : 'emergency-title'} lang={title.lang} dir={title.dir}>
        {title.text}
      </h2>
      <p lang={intro.lang} dir={intro.dir}>
        {intro.text}
      </p>
      {intro.lang !== lang && (
        <p className="emergency-fallback" lang={lang} dir={dir}>
          {t('emergency.intro')}
        </p>
      )}
      <ul className="phones">
        {phones.map(({ id, number }) => {
          const call = tl('emergency.call', { number });
          const name = pl(`channel.${id}.name`);
          return (
            <li key={id}>
              <a href={`tel:${number}`}>
                {/* Spoken before the visible text, so the accessible name still contains what is seen (WCAG 2.5.3). */}
                <span className="sr-only" lang={call.lang} dir={call.dir}>
                  {`${call.text} · `}
                </span>
                {/* Drawn large for the eye; the name already says the number ("Call 19 · Police 19"), once. */}
                <bdi className="number" aria-hidden="true">
                  {number}
                </bdi>
                <span lang={name.lang} dir={name.dir}>
                  {name.text}
                </span>
                {name.lang !== lang && (
                  <span className="emergency-fallback" lang={lang} dir={dir}>
                    {p(`channel.${id}.name`)}
                  </span>
                )}
              </a>
            </li>
          );
        })}
      </ul>
    </Box>
  );
}
