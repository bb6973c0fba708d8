import type { Language } from '../../protocol/text';
import { FORM_AR } from './form/ar';
import { FORM_EN } from './form/en';
import type { FormKey } from './form/en';
import { FORM_FR } from './form/fr';

/**
 * The action forms' wording (field labels and option labels, keyed like the UI catalog), every language at
 * once: for the PDFs and the tests. The app loads one language with its wording (src/i18n/wording.ts).
 */
export const FORM_TEXT: Readonly<Record<Language, Readonly<Record<FormKey, string>>>> = { ar: FORM_AR, fr: FORM_FR, en: FORM_EN };
