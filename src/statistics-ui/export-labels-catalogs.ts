import type { Language } from '../../protocol/languages';
import { catalog } from '../../protocol/text';
import { formatMessage } from '../i18n/message';
import type { UiKey } from '../i18n/ui';
import { UI } from '../i18n/ui-catalogs';
import type { ExportPdfLabels } from '../pdf/stats-export';
import { exportPdfLabels } from './export-labels';

/**
 * The same names as the app's (export-labels.ts), from every catalog at once: for the CLI and the tests, which
 * have no running app to ask (the app loads one language's catalog, and takes its words from useI18n).
 */
export function catalogExportPdfLabels(lang: Language): ExportPdfLabels {
  const t = (key: UiKey, vars: Readonly<Record<string, string | number>> = {}) => formatMessage(UI[lang][key], vars, lang);
  const p = (key: string) => catalog(lang)[key] ?? key;
  // As the app writes a calendar day (src/app/i18n.tsx): day first, Latin digits.
  const dayFormat = new Intl.DateTimeFormat({ ar: 'ar-MA', fr: 'fr-MA', en: 'en-GB' }[lang], { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
  return exportPdfLabels({ t, p, day: (date) => dayFormat.format(new Date(`${date}T00:00:00Z`)) });
}
