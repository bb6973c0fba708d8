import { useState } from 'react';
import { useI18n } from '../app/i18n';

const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

/**
 * "Pick a file to fingerprint it": the file is read here, in the browser, to compute its SHA-256, and only its
 * name and that fingerprint are recorded. The file itself is never stored nor sent: evidence stays where the
 * school keeps it, and the fingerprint later shows it was not altered.
 */
export function FileFingerprint({ id, onPicked }: { id: string; onPicked: (name: string, sha256: string) => void }) {
  const { f } = useI18n();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ name: string; sha256: string } | null>(null);
  return (
    <span className="fingerprint">
      <input
        id={id}
        type="file"
        aria-describedby={`${id}-hint`}
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          setBusy(true);
          const sha256 = hex(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
          setBusy(false);
          setDone({ name: file.name, sha256 });
          onPicked(file.name, sha256);
        }}
      />
      <span id={`${id}-hint`} className="hint">
        {f('actions.fingerprintHint')}
      </span>
      <span role="status" className="hint">
        {busy ? f('actions.fingerprintBusy') : done ? `${done.name} · SHA-256 ${done.sha256}` : ''}
      </span>
    </span>
  );
}
