import { useState } from 'react';
import { useI18n } from '../app/i18n';

/**
 * A button that makes a PDF and offers it, saying while it works and if it failed: the dashboard's PDF and the
 * export's. `make` builds and downloads the file; a second press while it works does nothing.
 */
export function PdfButton({ label, make }: { label: string; make: () => Promise<void> }) {
  const { t } = useI18n();
  const [state, setState] = useState<'making' | 'failed' | null>(null);
  const run = async () => {
    if (state === 'making') return;
    setState('making');
    try {
      await make();
      setState(null);
    } catch {
      setState('failed');
    }
  };
  return (
    <>
      <p>
        <button type="button" className="secondary" onClick={() => void run()} aria-disabled={state === 'making' || undefined}>
          {label}
        </button>
      </p>
      {state && (
        <p role={state === 'failed' ? 'alert' : 'status'} className={state === 'failed' ? 'problems' : undefined}>
          {t(state === 'failed' ? 'stats.pdfFailed' : 'pdf.making')}
        </p>
      )}
    </>
  );
}
