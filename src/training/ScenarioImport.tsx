import { useState } from 'react';
import type { FormEvent } from 'react';
import { ScenarioError } from '../../machines/scenario';
import { useI18n } from '../app/i18n';
import { useTrainingText } from './text';
import { href } from '../app/router';
import { UntrustedJsonError, parseUntrustedJson } from '../storage/untrusted-json';
import { BUILT_IN_IDS } from './library';
import { ScenarioImportError, saveScenario } from '../storage/training-db';

/** Files larger than this are not scenarios (the longest built-in one is about 25 KB). */
const MAX_BYTES = 1024 * 1024;

/** A trainer's scenario file: checked like the built-in ones, then kept in the training database. */
export function ScenarioImport() {
  const { t, p, why, lang } = useI18n();
  const tt = useTrainingText();
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<{ text: string; rule?: string; detail?: string } | null>(null);
  const [done, setDone] = useState<{ id: string; title: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setProblem(null);
    setDone(null);
    try {
      if (file.size > MAX_BYTES) throw new ScenarioImportError('invalid', 'too large');
      const scenario = await saveScenario(parseUntrustedJson(await file.text()), 'imported', BUILT_IN_IDS, new Date().toISOString());
      setDone({ id: scenario.id, title: scenario.title[lang] });
    } catch (err) {
      // The headline is translated; the detail names the event and field in the file's own (English) terms.
      if (err instanceof UntrustedJsonError) setProblem({ text: tt('scenario.notJson') });
      else if (err instanceof ScenarioError) {
        // A record the protocol refuses is also said in the trainer's language, with the rule that refused it.
        const refused = err.refusal && err.index !== undefined ? tt('scenario.refusedAt', { n: String(err.index + 1), event: p(`event.${err.refusal.eventType}`) }) : undefined;
        setProblem({ text: tt('scenario.invalid'), ...(refused && err.refusal ? { rule: `${refused} ${why(err.refusal.refusal)}` } : {}), detail: err.message });
      }
      else if (err instanceof ScenarioImportError) setProblem({ text: tt(err.problem === 'builtIn' ? 'scenario.builtIn' : 'scenario.tooLarge') });
      else setProblem({ text: t('error.unknown') });
    }
  };

  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="scenario-import-title" noValidate>
      <h3 id="scenario-import-title">{tt('scenario.importTitle')}</h3>
      <p className="hint">{tt('scenario.importHint')}</p>
      <label className="field">
        <span>{tt('scenario.file')}</span>
        <input id="scenario-file" type="file" accept=".json,application/json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      {problem && (
        <div role="alert" className="problems">
          <p>
            {problem.text} {tt('scenario.libraryUnchanged')}
          </p>
          {problem.rule && <p>{problem.rule}</p>}
          {problem.detail && (
            <p>
              <bdi dir="ltr">
                <code>{problem.detail}</code>
              </bdi>
            </p>
          )}
        </div>
      )}
      {done && (
        <p role="status">
          {tt('scenario.added')} <a href={href({ name: 'training', id: done.id })}>{done.title}</a>
        </p>
      )}
      <button type="submit" className="secondary" disabled={!file}>
        {tt('scenario.import')}
      </button>
    </form>
  );
}
