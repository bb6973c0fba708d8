import protocol from '../../protocol/text/en.json' with { type: 'json' };
import { FORM_EN } from './form/en';
import { UI_EN } from './ui/en';
import type { Wording } from './wording';

/** Everything the app says in this language, as one download (src/i18n/wording.ts). */
export const WORDING: Wording = { ui: UI_EN, protocol, form: FORM_EN };
