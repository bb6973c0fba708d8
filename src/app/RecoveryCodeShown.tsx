import { useI18n } from './i18n';

/**
 * A recovery code as it is shown once (at the vault's creation, after a revocation or a renewal): groups wrap
 * whole and a line never ends on a dangling hyphen (the hyphens are drawn as gaps and kept in the text, for
 * copying; the code is accepted with spaces or hyphens), with a button to print it.
 */
export function RecoveryCodeShown({ code }: { code: string }) {
  const { t } = useI18n();
  return (
    <>
      <p className="recovery-code" data-testid="recovery-code">
        <bdi dir="ltr">
          {code.split('-').map((group, i) => (
            <span key={i}>
              {i > 0 && <span className="sep">-</span>}
              <span className="group">{group}</span>
            </span>
          ))}
        </bdi>
      </p>
      <button type="button" className="secondary" onClick={() => window.print()}>
        {t('vault.print')}
      </button>
    </>
  );
}
