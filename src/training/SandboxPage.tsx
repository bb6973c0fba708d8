import { useEffect, useState } from 'react';
import { useI18n } from '../app/i18n';
import { useTrainingText } from './text';
import { href, navigate } from '../app/router';
import { CasePage } from '../cases/CasePage';
import { caseRef, useSave } from '../cases/use-save';
import { CaseStoreContext } from '../storage/case-store';
import type { CaseStore } from '../storage/case-store';
import type { CaseEventRecord } from '../storage/db';
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
        <input dir="auto" value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label className="field">
        <span>{tt('sandbox.scenarioSummary')}</span>
        <textarea dir="auto" value={summary} onChange={(e) => setSummary(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="problems">
          {error}
        </p>
      )}
      <button type="button" disabled={busy || !title.trim() || !summary.trim()} onClick={saveAsScenario}>
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

/** The sandbox: its case list, or one of its cases in the same case view as the school's, on the training store. */
export function SandboxPage({ id }: { id?: string }) {
  const tt = useTrainingText();
  const store = useTrainingStore();
  if (!store) return null;
  return (
    <CaseStoreContext.Provider value={store}>
      {id ? (
        <>
          <p>
            <a href={href({ name: 'sandbox' })}>{tt('sandbox.title')}</a>
          </p>
          <CasePage id={id} extra={saveAsScenarioPanel} />
        </>
      ) : (
        <SandboxCases />
      )}
    </CaseStoreContext.Provider>
  );
}
