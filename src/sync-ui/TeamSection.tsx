import { useCallback, useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useI18n } from '../app/i18n';
import type { UiKey } from '../i18n/ui';
import { appDb } from '../storage/instance';
import { sessionKeys } from '../storage/session';
import { EnrolError, acceptWelcome, addDevice, checkJoinRequest, joinRequestOf, openWelcome, prepareJoin, readTeamView, startTeam } from '../storage/sync-enrol';
import type { SyncServer, TeamView } from '../storage/sync-enrol';
import { requestSync, useSyncStatus } from './control';
import { RemoteError, bodyOf, checkServer, joinDocId, readLocalDoc, remoteOf, removeLocalDoc, welcomeDocId, writeLocalDoc } from './remote';
import { PROBLEM_TEXT, statusText } from './status-text';
// Styles come with these components, not with the first screen (app.css): a side-effect import is the way.
// oxlint-disable-next-line import/no-unassigned-import
import './sync-ui.css';

/**
 * Settings → Team sync (decision 0018, "The app"): turning sync on as the team's first device or as a newcomer,
 * enrolling a newcomer by its code, the team's devices. Codes are compared by a person on two screens; a QR code to
 * scan instead is not built yet.
 */

/** A code as typed (any case, spaces or dashes) in the form devices show it, or null if it cannot be one. */
export function codeFromInput(text: string): string | null {
  const plain = text.toUpperCase().replace(/[\s-]/g, '');
  if (!/^[0-9A-Z]{16}$/.test(plain)) return null;
  return plain.match(/.{4}/g)!.join('-');
}

/** An error of the server or of enrolment as the key of its sentence. */
function problemKey(err: unknown): UiKey {
  if (err instanceof RemoteError) return PROBLEM_TEXT[err.problem];
  if (err instanceof EnrolError) {
    if (err.problem === 'codeMismatch') return 'sync.problem.codeMismatch';
    if (err.problem === 'alreadySetUp') return 'sync.problem.alreadySetUp';
    if (err.problem === 'teamFull') return 'sync.problem.teamFull';
    if (err.problem === 'malformed' || err.problem === 'badSignature' || err.problem === 'notForThisDevice' || err.problem === 'otherTeam') return 'sync.problem.welcome';
  }
  return 'sync.problem.local';
}

const JOIN_POLL_MS = 3_000;

export default function TeamSection() {
  const { t } = useI18n();
  const [view, setView] = useState<TeamView | null | undefined>(undefined);
  const reload = useCallback(() => readTeamView(appDb(), sessionKeys()).then(setView, () => setView(null)), []);
  useEffect(() => {
    void reload();
  }, [reload]);
  if (view === undefined) return null;
  return (
    <section className="team-sync" aria-labelledby="team-sync-title">
      <h3 id="team-sync-title">{t('sync.title')}</h3>
      <p className="hint">{t('sync.intro')}</p>
      {view === null ? <TurnOn onDone={reload} /> : view.joining ? <Joining view={view} onDone={reload} /> : <InTeam view={view} onChange={reload} />}
    </section>
  );
}

function Problem({ problem }: { problem: UiKey | null }) {
  const { t } = useI18n();
  if (!problem) return null;
  return (
    <p className="problems" role="alert">
      {t('sync.notDone', { problem: t(problem, { origin: location.origin }) })} {t('sync.nothingTouched')}
    </p>
  );
}

/** No sync yet: the server, then found a team or join one. The server is checked before anything is written here. */
function TurnOn({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const ids = useId();
  const [url, setUrl] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<UiKey | null>(null);

  const turnOn = async (how: 'start' | 'join') => {
    setBusy(true);
    setProblem(null);
    try {
      const server: SyncServer = { url: url.trim(), ...(user.trim() ? { user: user.trim(), password } : {}) };
      const remote = remoteOf(server, location.origin);
      await checkServer(remote);
      if (how === 'start') await startTeam(appDb(), sessionKeys(), server);
      else {
        const pub = await prepareJoin(appDb(), sessionKeys(), server);
        // Published at once; the joining screen publishes it again should this fail.
        await writeLocalDoc(remote, joinDocId(pub.fingerprint), joinRequestOf(pub)).catch(() => undefined);
      }
      onDone();
    } catch (err) {
      setProblem(problemKey(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="team-server" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor={`${ids}-url`}>{t('sync.server')}</label>
        <input id={`${ids}-url`} type="url" dir="ltr" autoComplete="off" spellCheck={false} value={url} aria-describedby={`${ids}-url-hint`} onChange={(e) => setUrl(e.target.value)} />
        <span id={`${ids}-url-hint`} className="hint">
          {t('sync.serverHint', { origin: location.origin })}
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-user`}>{t('sync.user')}</label>
        <input id={`${ids}-user`} dir="ltr" autoComplete="off" spellCheck={false} value={user} onChange={(e) => setUser(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-password`}>{t('sync.password')}</label>
        <input id={`${ids}-password`} type="password" dir="ltr" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
      <p className="hint">{t('sync.shareAll')}</p>
      <Problem problem={problem} />
      {busy && <p role="status">{t('sync.checking')}</p>}
      <div className="settings-actions">
        <button type="button" disabled={busy || !url.trim()} onClick={() => void turnOn('start')}>
          {t('sync.start')}
        </button>
        <button type="button" className="secondary" disabled={busy || !url.trim()} onClick={() => void turnOn('join')}>
          {t('sync.join')}
        </button>
      </div>
    </form>
  );
}

function Code({ code, id }: { code: string; id?: string }) {
  return (
    <code className="device-code" dir="ltr" id={id} data-testid="device-code">
      {code}
    </code>
  );
}

/**
 * A newcomer: shows its code, keeps its join request published, and waits for a member's welcome; the person then
 * compares the code of the member who signed it with that member's screen.
 */
function Joining({ view, onDone }: { view: TeamView; onDone: () => void }) {
  const { t } = useI18n();
  const [offer, setOffer] = useState<{ raw: Record<string, unknown>; fromCode: string } | null>(null);
  const [refusedCodes, setRefusedCodes] = useState<string[]>([]);
  const [problem, setProblem] = useState<UiKey | null>(null);
  const [refused, setRefused] = useState(false);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const remote = remoteOf(view.server, location.origin);
    const poll = async () => {
      try {
        if (!(await readLocalDoc(remote, joinDocId(view.self.fingerprint)))) await writeLocalDoc(remote, joinDocId(view.self.fingerprint), joinRequestOf(view.self));
        const doc = await readLocalDoc(remote, welcomeDocId(view.self.fingerprint));
        if (doc && live) {
          const raw = bodyOf(doc);
          const { fromCode } = await openWelcome(raw, view.self);
          if (live && !refusedCodes.includes(fromCode)) {
            setOffer({ raw, fromCode });
            setProblem(null);
            return;
          }
        }
        if (live) setProblem(null);
      } catch (err) {
        if (live) setProblem(problemKey(err));
      }
      if (live) timer = setTimeout(() => void poll(), JOIN_POLL_MS);
    };
    if (!offer) void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [view, offer, refusedCodes]);

  const accept = async () => {
    if (!offer) return;
    try {
      await acceptWelcome(appDb(), sessionKeys(), offer.raw);
      const remote = remoteOf(view.server, location.origin);
      await removeLocalDoc(remote, welcomeDocId(view.self.fingerprint));
      onDone();
      void requestSync();
    } catch (err) {
      setOffer(null);
      setProblem(problemKey(err));
    }
  };

  return (
    <div className="team-joining">
      <p>
        {t('sync.thisCode')} <Code code={view.self.fingerprint} />
      </p>
      {offer ? (
        <div className="reminder welcome-offer" role="alert">
          <p>
            {t('sync.welcomeFrom')} <Code code={offer.fromCode} />
          </p>
          <p>{t('sync.welcomeCompare')}</p>
          <div className="settings-actions">
            <button type="button" onClick={() => void accept()}>
              {t('sync.welcomeMatch')}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setRefusedCodes([...refusedCodes, offer.fromCode]);
                setRefused(true);
                setOffer(null);
              }}
            >
              {t('sync.welcomeMismatch')}
            </button>
          </div>
        </div>
      ) : (
        <>
          <p>{t('sync.joinSteps')}</p>
          <p role="status">{t('sync.waitingWelcome')}</p>
        </>
      )}
      {refused && (
        <p className="problems" role="alert">
          {t('sync.welcomeRefused')}
        </p>
      )}
      {problem && (
        <p className="problems" role="alert">
          {t('sync.notDone', { problem: t(problem, { origin: location.origin }) })}
        </p>
      )}
    </div>
  );
}

/** A device in the team: its code, the status, the team's devices, and adding a newcomer by the code it shows. */
function InTeam({ view, onChange }: { view: TeamView; onChange: () => void }) {
  const { t } = useI18n();
  const ids = useId();
  const status = useSyncStatus();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [syncing, setSyncing] = useState(false);
  const [problem, setProblem] = useState<UiKey | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setAdded(null);
    const code = codeFromInput(typed);
    if (!code) {
      setProblem('sync.problem.codeFormat');
      return;
    }
    setBusy(true);
    try {
      const remote = remoteOf(view.server, location.origin);
      const request = await readLocalDoc(remote, joinDocId(code));
      if (!request) {
        setProblem('sync.problem.noRequest');
        return;
      }
      const newcomer = await checkJoinRequest(bodyOf(request), code);
      const welcome = await addDevice(appDb(), sessionKeys(), newcomer);
      await writeLocalDoc(remote, welcomeDocId(newcomer.fingerprint), welcome);
      await removeLocalDoc(remote, joinDocId(newcomer.fingerprint));
      setAdded(newcomer.fingerprint);
      setTyped('');
      onChange();
      // Sends the team key wrapped to the newcomer.
      void requestSync();
    } catch (err) {
      setProblem(problemKey(err));
    } finally {
      setBusy(false);
    }
  };

  const members = view.members.filter((m) => !m.revoked);
  return (
    <>
      <p>
        {t('sync.thisCode')} <Code code={view.self.fingerprint} />
      </p>
      <p>
        {t('sync.serverIs')} <bdi dir="ltr">{view.server.url}</bdi>
      </p>
      <p className="team-status">
        <span role="status" data-testid="team-sync-status">
          {syncing ? t('sync.status.syncing') : statusText(t, status)}
        </span>{' '}
        <button
          type="button"
          className="secondary"
          disabled={syncing}
          onClick={() => {
            setSyncing(true);
            void requestSync()
              .then(onChange)
              .finally(() => setSyncing(false));
          }}
        >
          {t('sync.now')}
        </button>
      </p>
      {status.kind === 'synced' && status.refused > 0 && <p className="problems">{t('sync.refused', { count: String(status.refused) })}</p>}
      {status.kind === 'synced' && status.needsReview > 0 && <p className="reminder">{t('sync.needsReview', { count: String(status.needsReview) })}</p>}

      <h4>{t('sync.devices')}</h4>
      <ul className="team-devices">
        {members.map((m) => (
          <li key={m.fingerprint}>
            <Code code={m.fingerprint} /> {m.self && t('sync.thisDevice')}
          </li>
        ))}
      </ul>

      {view.hasTeamKey && (
        <form className="add-device" onSubmit={(e) => void add(e)}>
          <h4>{t('sync.addTitle')}</h4>
          <p className="hint">{t('sync.addHint')}</p>
          <div className="field">
            <label htmlFor={`${ids}-code`}>{t('sync.newCode')}</label>
            <input id={`${ids}-code`} dir="ltr" autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />
          </div>
          {problem && (
            <p className="problems" role="alert">
              {t('sync.notDone', { problem: t(problem, { origin: location.origin }) })}
            </p>
          )}
          {added && (
            <p role="status">
              {t('sync.added', { code: added })}
            </p>
          )}
          <button type="submit" disabled={busy || !typed.trim()}>
            {t('sync.add')}
          </button>
        </form>
      )}
    </>
  );
}
