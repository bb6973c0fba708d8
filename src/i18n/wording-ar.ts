import protocol from '../../protocol/text/ar.json' with { type: 'json' };
import { FORM_AR } from './form/ar';
import { UI_AR } from './ui/ar';
import type { Wording } from './wording';

/** Everything the app says in this language, as one download (src/i18n/wording.ts). */
export const WORDING: Wording = { ui: UI_AR, protocol, form: FORM_AR };
