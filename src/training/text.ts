import { useI18n } from '../app/i18n';
import { TRAINING_TEXT } from '../i18n/training-text';
import type { TrainingKey } from '../i18n/training-text';

/** The training pages' wording (src/i18n/training-text.ts), in the app's language. */
export function useTrainingText(): (key: TrainingKey, vars?: Record<string, string>) => string {
  const { tx } = useI18n();
  return (key, vars) => tx(TRAINING_TEXT, key, vars);
}
