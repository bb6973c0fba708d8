import { LANGS, loadLibraryScenario, scenarioIn } from '../../machines/scenario';
import type { Lang, Scenario } from '../../machines/scenario';
import { useI18n } from '../app/i18n';
import { useSavedScenarios } from '../storage/training-hooks';

/**
 * The built-in library, bundled with the app (it works offline), checked by the same loader as the CLI and
 * refused if an event's text is missing in a language.
 */
const FILES = import.meta.glob<unknown>('../../protocol/scenarios/*.json', { eager: true, import: 'default' });
export const LIBRARY: readonly Scenario[] = Object.entries(FILES)
  .map(([file, raw]) => loadLibraryScenario(raw, file).scenario)
  .sort((a, b) => a.id.localeCompare(b.id));

export const BUILT_IN_IDS: ReadonlySet<string> = new Set(LIBRARY.map((s) => s.id));

/**
 * A scenario of the library as the trainee sees it: its events told in the app's language (plain events, for
 * the player, the case views, the sandbox and the handout); `file` is the scenario as written, in every
 * language, for the trainer to download.
 */
export type LibraryScenario = Scenario & { origin: 'builtIn' | 'imported' | 'sandbox'; file: Scenario };

/** The built-in scenarios, then the trainer's own (imported or saved from the sandbox); undefined while loading. */
export function useLibrary(): { scenarios: LibraryScenario[]; broken: string[] } | undefined {
  const { lang } = useI18n();
  const saved = useSavedScenarios();
  if (!saved) return undefined;
  const own = [...saved.scenarios].sort((a, b) => a.id.localeCompare(b.id));
  // A language the scenarios are not written in (none today) sees them in French.
  const written: Lang = (LANGS as readonly string[]).includes(lang) ? (lang as Lang) : 'fr';
  const told = <T extends Scenario & { origin: LibraryScenario['origin'] }>({ origin, ...s }: T): LibraryScenario => ({ ...scenarioIn(s, written), origin, file: s });
  return { scenarios: [...LIBRARY.map((s) => told({ ...s, origin: 'builtIn' as const })), ...own.map(told)], broken: saved.broken };
}
