import { CHANNELS } from '../../protocol/channels';
import { useI18n } from './i18n';

/** The numbers to call, on every screen, offline. */
export function EmergencyNumbers({ top = false }: { top?: boolean }) {
  const { t, p } = useI18n();
  const Box = top ? 'div' : 'section';
  const phones = CHANNELS.filter((c) => c.urgent).flatMap((c) =>
    c.contacts.filter((k) => k.kind === 'tel' && k.value).map((k) => ({ id: c.id, number: k.value ?? '' })),
  );
  return (
    // The block at the foot of every page is the one the "Emergency" link reaches, and the page's one landmark
    // of that name; the copy shown at the top of an emergency case is plain content under its own heading.
    <Box className="emergency" {...(top ? {} : { id: 'emergency', 'aria-labelledby': 'emergency-title' })}>
      <h2 id={top ? 'emergency-title-top' : 'emergency-title'}>{t('emergency.title')}</h2>
      <p>{t('emergency.intro')}</p>
      <ul className="phones">
        {phones.map(({ id, number }) => (
          <li key={id}>
            <a href={`tel:${number}`}>
              {/* Spoken before the visible text, so the accessible name still contains what is seen (WCAG 2.5.3). */}
              <span className="sr-only">{t('emergency.call', { number })} · </span>
              {/* Drawn large for the eye; the name already says the number ("Call 19 · Police 19"), once. */}
              <bdi className="number" aria-hidden="true">
                {number}
              </bdi>
              <span>{p(`channel.${id}.name`)}</span>
            </a>
          </li>
        ))}
      </ul>
    </Box>
  );
}
