import type { UiKey } from '../i18n/ui';
import type { VaultError } from '../storage/vault';

/** A vault refusal in words, with the wait the next attempt will have when there is one. */
export function vaultErrorText(t: (key: UiKey, vars?: Record<string, string>) => string, err: VaultError, key: UiKey): string {
  return err.nextWaitSeconds ? `${t(key)} ${t('vault.nextWait', { seconds: String(err.nextWaitSeconds) })}` : t(key);
}
