import protocol from '../../protocol/text/fr.json' with { type: 'json' };
import { FORM_FR } from './form/fr';
import { UI_FR } from './ui/fr';
import type { Wording } from './wording';

/** Everything the app says in this language, as one download (src/i18n/wording.ts). */
export const WORDING: Wording = { ui: UI_FR, protocol, form: FORM_FR };
