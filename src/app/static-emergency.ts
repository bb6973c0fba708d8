import { CHANNELS } from '../../protocol/channels';
import { protocolText } from '../../protocol/text';
import { PARTIAL_CATALOGS } from '../i18n/partial';
import { translate } from '../i18n/ui-catalogs';

/**
 * The emergency numbers as plain HTML, written into index.html at build time from the protocol's data: a
 * teacher opening Sanad because a child is in danger sees them at first paint, with JavaScript still loading,
 * failed or blocked. Arabic first, French and English beside it, and the title in Darija and Tamazight (machine-made
 * and not yet reviewed, so always beside the Arabic and French words, never alone). The app replaces the block when it starts
 * (it sits inside the root element React renders into), and shows the same numbers on every screen.
 */
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The numbers the block lists: every urgent channel's telephone numbers, as the app's own block does. */
export const STATIC_EMERGENCY_PHONES = CHANNELS.filter((c) => c.urgent).flatMap((c) =>
  c.contacts.filter((k) => k.kind === 'tel' && k.value).map((k) => ({ id: c.id, number: k.value ?? '' })),
);

export function staticEmergencyHtml(): string {
  const other = (key: 'emergency.title' | 'emergency.intro') =>
    (['fr', 'en'] as const).map((lang) => `<p lang="${lang}" dir="ltr">${escape(translate(lang, key))}</p>`).join('');
  const partial = Object.values(PARTIAL_CATALOGS)
    .map(({ lang, meta, ui }) => (ui['emergency.title'] ? `<p lang="${lang}" dir="${meta.dir}">${escape(ui['emergency.title'])}</p>` : ''))
    .join('');
  const items = STATIC_EMERGENCY_PHONES.map(
    ({ id, number }) =>
      `<li><a href="tel:${escape(number)}"><bdi class="number" aria-hidden="true">${escape(number)}</bdi><span>${escape(protocolText('ar', `channel.${id}.name`))}` +
      ` <span lang="fr" dir="ltr">· ${escape(protocolText('fr', `channel.${id}.name`))}</span></span></a></li>`,
  ).join('');
  return (
    `<section class="emergency static-emergency" aria-labelledby="static-emergency-title">` +
    `<h2 id="static-emergency-title">${escape(translate('ar', 'emergency.title'))}</h2>${other('emergency.title')}${partial}` +
    `<p>${escape(translate('ar', 'emergency.intro'))}</p>` +
    `<ul class="phones">${items}</ul></section>`
  );
}
