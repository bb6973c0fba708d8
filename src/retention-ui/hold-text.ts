import type { Hold } from '../../protocol/retention';
import type { I18n } from '../app/i18n';

/** A hold in force in words (the case page's retention panel, and a purge refused by the rule "hold"). */
export function holdText(h: Hold, { t, p, when }: Pick<I18n, 't' | 'p' | 'when'>): string {
  if (h.kind === 'referral') return t('purge.hold.referral', { channel: p(`channel.${h.channel}.name`) });
  if (h.kind === 'prosecutorDecision') return t('purge.hold.prosecutorDecision');
  return t('purge.hold.head', { by: h.by, when: when(h.at), reason: h.reason });
}
