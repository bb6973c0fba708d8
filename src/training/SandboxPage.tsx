import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useI18n } from '../app/i18n';
import { useTrainingText } from './text';
import { href, navigate } from '../app/router';
import { CasePage } from '../cases/CasePage';
import { caseRef, useSave } from '../cases/use-save';
import { CaseStoreContext } from '../storage/case-store';
import type { CaseStore } from '../storage/case-store';
import type { CaseEventRecord } from '../storage/db';
import { useSettingOrNull } from '../storage/setting-hooks';
import { writeSetting } from '../storage/settings';
import { BUILT_IN_IDS, useLibrary } from './library';
import { caseAsScenario, resetSandbox, saveScenario, trainingStore } from '../storage/training-db';
import { useSandboxCases } from '../storage/training-hooks';

function useTrainingStore(): CaseStore | undefined {
  const [store, setStore] = useState<CaseStore>();
  useEffect(() => {
    void trainingStore().then(setStore);
  }, []);
  return store;
}

/** Saves the sandbox case as a scenario of the trainer's library, to replay it with another group. */
function SaveAsScenario({ caseId, events }: { caseId: string; events: CaseEventRecord[] }) {
  const tt = useTrainingText();
  const library = useLibrary();
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const { error, busy, save } = useSave();
  if (!library) return null;
  const saveAsScenario = () =>
    void save(async () => {
      const raw = await caseAsScenario(caseId, events.map((e) => e.event), title.trim(), summary.trim(), library.scenarios);
      const scenario = await saveScenario(raw, 'sandbox', BUILT_IN_IDS, new Date().toISOString());
      navigate({ name: 'training', id: scenario.id });
    });
  return (
    <section className="panel" aria-labelledby="save-scenario-title">
      <h3 id="save-scenario-title">{tt('sandbox.saveTitle')}</h3>
      <p className="hint">{tt('sandbox.saveHint')}</p>
      <label className="field">
        <span>{tt('sandbox.scenarioTitle')}</span>
        <input dir="auto" autoComplete="off" value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label className="field">
        <span>{tt('sandbox.scenarioSummary')}</span>
        <textarea dir="auto" autoComplete="off" value={summary} onChange={(e) => setSummary(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="problems">
          {error}
        </p>
      )}
      <button type="button" aria-disabled={busy || !title.trim() || !summary.trim() || undefined} onClick={() => !busy && title.trim() && summary.trim() && saveAsScenario()}>
        {tt('sandbox.save')}
      </button>
    </section>
  );
}

/** What a sandbox case view shows where a real one has Print and Transfer. */
const saveAsScenarioPanel = (caseId: string, events: CaseEventRecord[]) => <SaveAsScenario caseId={caseId} events={events} />;

function SandboxCases() {
  const { t, p, when } = useI18n();
  const tt = useTrainingText();
  const cases = useSandboxCases();
  const [reset, setReset] = useState(false);
  const { error, save } = useSave();
  return (
    <section aria-labelledby="sandbox-title">
      <h2 id="sandbox-title">{tt('sandbox.title')}</h2>
      <p className="hint">{tt('sandbox.intro')}</p>
      <p>
        <a href={href({ name: 'training' })}>{tt('training.all')}</a>
      </p>
      {cases?.length === 0 && <p>{tt('sandbox.empty')}</p>}
      <ul className="cases">
        {cases?.map((c) => (
          <li key={c.id} className="case-row">
            <a href={href({ name: 'sandbox', id: c.id })}>
              <strong>{t('case.reference', { ref: caseRef(c.id) })}</strong> <span>{p(`step.${c.step}.title`)}</span>
              <time className="hint" dateTime={c.updatedAt}>
                {when(c.updatedAt)}
              </time>
            </a>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="danger"
        onClick={() => void save(resetSandbox).then(setReset)}
      >
        {tt('sandbox.reset')}
      </button>
      {reset && <p role="status">{tt('sandbox.resetDone')}</p>}
      {error && (
        <p role="alert" className="problems">
          {error}
        </p>
      )}
    </section>
  );
}

/** Who records in the sandbox, saved at every keystroke (the sandbox's own settings, not the school's). */
function TrainerName({ store, saved }: { store: CaseStore; saved: string }) {
  const { t } = useI18n();
  const [name, setName] = useState(saved);
  // One write after the other: a fast typist's last keystroke must be the name that stays.
  const writing = useRef(Promise.resolve());
  const change = (value: string) => {
    setName(value);
    const v = value.trim();
    if (v) writing.current = writing.current.then(() => writeSetting(store.db(), store.keys(), 'author', v)).catch(() => undefined);
  };
  return (
    <label className="field">
      <span>{t('report.author')}</span>
      <input dir="auto" autoComplete="off" value={name} onChange={(e) => change(e.target.value)} />
    </label>
  );
}

/**
 * A sandbox case. The case view shows its forms only once it knows who records, and its own name field
 * saves when it loses focus: on a projector the forms stayed hidden until someone tapped elsewhere. So the
 * sandbox always has a name, the trainer's by default, before the case view opens.
 */
function SandboxCase({ id, store }: { id: string; store: CaseStore }) {
  const tt = useTrainingText();
  const author = useSettingOrNull<string>('author');
  const byDefault = tt('sandbox.defaultAuthor');
  // Hash routes keep the scroll position: "What if…" pressed low on the player would open the case mid-page.
  useLayoutEffect(() => {
    // A block body: recent browsers return a promise from scrollTo, and React would take it for a cleanup.
    window.scrollTo(0, 0);
  }, []);
  useEffect(() => {
    if (author === null) void writeSetting(store.db(), store.keys(), 'author', byDefault);
  }, [author, store, byDefault]);
  if (!author) return null;
  return (
    <>
      <p>
        <a href={href({ name: 'sandbox' })}>{tt('sandbox.title')}</a>
      </p>
      <TrainerName store={store} saved={author} />
      <CasePage id={id} extra={saveAsScenarioPanel} />
    </>
  );
}

/** The sandbox: its case list, or one of its cases in the same case view as the school's, on the training store. */
export function SandboxPage({ id }: { id?: string }) {
  const store = useTrainingStore();
  if (!store) return null;
  return (
    <CaseStoreContext.Provider value={store}>
      {id ? (
        <SandboxCase key={id} id={id} store={store} />
      ) : (
        <SandboxCases />
      )}
    </CaseStoreContext.Provider>
  );
}
