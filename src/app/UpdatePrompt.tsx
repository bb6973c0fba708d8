import { useRegisterSW } from 'virtual:pwa-register/react';
import { useI18n } from './i18n';

/** Registers the service worker; a new version is offered with a button, never applied behind the user's back. */
export function UpdatePrompt() {
  const { t } = useI18n();
  const {
    needRefresh: [needRefresh],
    updateServiceWorker,
  } = useRegisterSW();
  if (!needRefresh) return null;
  return (
    <div className="update" role="status">
      {t('update.available')}{' '}
      <button type="button" className="secondary" onClick={() => void updateServiceWorker(true)}>
        {t('update.apply')}
      </button>
    </div>
  );
}
