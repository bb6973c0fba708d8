import { loadScenario } from '../../machines/scenario';
import type { Scenario } from '../../machines/scenario';
import { useSavedScenarios } from '../storage/training-hooks';

/** The built-in library, bundled with the app (it works offline), checked by the same loader as the CLI. */
const FILES = import.meta.glob<unknown>('../../protocol/scenarios/*.json', { eager: true, import: 'default' });
export const LIBRARY: readonly Scenario[] = Object.values(FILES)
  .map((raw) => loadScenario(raw).scenario)
  .sort((a, b) => a.id.localeCompare(b.id));

export const BUILT_IN_IDS: ReadonlySet<string> = new Set(LIBRARY.map((s) => s.id));

export type LibraryScenario = Scenario & { origin: 'builtIn' | 'imported' | 'sandbox' };

/** The built-in scenarios, then the trainer's own (imported or saved from the sandbox); undefined while loading. */
export function useLibrary(): { scenarios: LibraryScenario[]; broken: string[] } | undefined {
  const saved = useSavedScenarios();
  if (!saved) return undefined;
  const own = [...saved.scenarios].sort((a, b) => a.id.localeCompare(b.id));
  return { scenarios: [...LIBRARY.map((s) => ({ ...s, origin: 'builtIn' as const })), ...own], broken: saved.broken };
}
