import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { requiredActions } from '../../machines/guidance';
import { applyCaseEvent, initialSnapshot, stepOf } from '../../machines/replay';
import type { CaseSnapshot } from '../../machines/replay';
import type { Decision, Scenario } from '../../machines/scenario';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import type { Language } from '../../protocol/languages';
import { downloadBlob, downloadText } from '../app/download';
import { useI18n } from '../app/i18n';
import { useTrainingText } from './text';
import { href, navigate } from '../app/router';
import { CaseRecord } from '../cases/CaseRecord';
import { Chronology } from '../cases/Chronology';
import { TypedLanguage } from '../cases/Typed';
import { useSave } from '../cases/use-save';
import type { CaseEventRecord } from '../storage/db';
import { ScenarioImport } from './ScenarioImport';
import { Statechart } from './Statechart';
import { useLibrary } from './library';
import type { LibraryScenario } from './library';
import { removeScenario, scenarioFile, startWhatIf } from '../storage/training-db';

/**
 * The scenario player replays in memory: nothing is written unless the trainer leaves the script for the
 * sandbox ("what if"), which is a database of its own.
 */
interface Frame {
  snapshot: CaseSnapshot;
  path: string[];
}

/** Every state the case goes through, once: stepping back is looking up, not undoing. */
function frames(scenario: Scenario): Frame[] {
  let snapshot = initialSnapshot(scenario.id);
  const out: Frame[] = [{ snapshot, path: [stepOf(snapshot)] }];
  scenario.steps.forEach(({ event }, i) => {
    snapshot = applyCaseEvent(snapshot, event, i, scenario.steps[i - 1]?.event.at);
    const prev = out.at(-1)!.path;
    const step = stepOf(snapshot);
    out.push({ snapshot, path: prev.at(-1) === step ? prev : [...prev, step] });
  });
  return out;
}

/**
 * What the room sees, one press at a time: the case after `shown` events; before an event that has a
 * decision, first the question ("ask"), then the protocol's answer ("reveal"), then the event itself.
 */
type Beat = { shown: number; phase: 'case' | 'ask' | 'reveal' };

function beats(scenario: Scenario): Beat[] {
  const out: Beat[] = [];
  scenario.steps.forEach((s, i) => {
    out.push({ shown: i, phase: 'case' });
    if (s.decision) out.push({ shown: i, phase: 'ask' }, { shown: i, phase: 'reveal' });
  });
  out.push({ shown: scenario.steps.length, phase: 'case' });
  return out;
}

function DecisionPanel({ decision, revealed, picked, onPick }: { decision: Decision; revealed: boolean; picked?: number; onPick: (n: number) => void }) {
  const { lang } = useI18n();
  const tt = useTrainingText();
  return (
    <section className={`panel decision ${revealed ? 'revealed' : ''}`} aria-labelledby="decision-title" aria-live="polite">
      <h3 id="decision-title">
        {tt('decision.title')}: <bdi>{decision.question[lang]}</bdi>
      </h3>
      {!revealed && <p className="hint">{tt('decision.ask')}</p>}
      <ol className="choices">
        {decision.choices.map((c, n) => (
          <li key={n} className={revealed ? (c.safe ? 'safe' : 'unsafe') : ''} data-safe={revealed ? String(c.safe) : undefined}>
            <button type="button" className="choice" aria-pressed={picked === n} disabled={revealed} onClick={() => onPick(n)}>
              <bdi>{c.text[lang]}</bdi>
            </button>
            {picked === n && <span className="badge">{tt('decision.roomChose')}</span>}
            {revealed && (
              <>
                <strong className="verdict">{c.safe ? tt('decision.safe') : tt('decision.unsafe')}</strong>
                <p dir="auto">{c.why[lang]}</p>
                {c.refused && <p className="hint refused">{tt('decision.refused')}</p>}
              </>
            )}
          </li>
        ))}
      </ol>
      {revealed && (
        <p className="answer">
          <strong>{tt('decision.answer')}:</strong> <bdi>{decision.answer[lang]}</bdi>
        </p>
      )}
    </section>
  );
}

// What the people of the built-in cases wrote (reports, notes, descriptions) is told in the page's language
// (the library gives every text in ar, fr and en); in Latin script on an Arabic page it is a handle, a URL or a
// class code. A trainer's own scenarios may be in any language, so theirs is left unstated.
const builtInRecords = (lang: Language) => ({ latin: lang === 'ar' ? 'en' : lang }) as const;

function Player({ scenario }: { scenario: LibraryScenario }) {
  const { t, p, lang } = useI18n();
  const tt = useTrainingText();
  const all = useMemo(() => frames(scenario), [scenario]);
  const line = useMemo(() => beats(scenario), [scenario]);
  const [b, setB] = useState(0);
  const [picked, setPicked] = useState<Record<number, number>>({});
  const leaving = useSave();
  const beat = line[b]!;
  const i = beat.shown;
  const n = scenario.steps.length;
  const frame = all[i]!;
  const step = stepOf(frame.snapshot);
  const shown = scenario.steps[i - 1];
  const decision = beat.phase === 'case' ? undefined : scenario.steps[i]?.decision;
  const required = requiredActions(frame.snapshot);
  const events: CaseEventRecord[] = scenario.steps.slice(0, i).map(({ event }, seq) => ({ id: `${scenario.id}-${seq}`, caseId: scenario.id, seq, at: event.at, by: event.by, event }));
  const last = line.length - 1;

  // Hash routes keep the scroll position: a scenario picked low in the library would open at its end.
  useLayoutEffect(() => {
    // A block body: recent browsers return a promise from scrollTo, and React would take it for a cleanup.
    window.scrollTo(0, 0);
  }, []);

  // Large text on a projector, the toolbar out of the way; the browser's full screen when it allows it.
  const [presenting, setPresenting] = useState(false);
  const presentButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!presenting) return;
    const html = document.documentElement;
    html.classList.add('presenting');
    // Leaving the browser's full screen (its own Escape) leaves the presentation too.
    const left = () => {
      if (!document.fullscreenElement) setPresenting(false);
    };
    document.addEventListener('fullscreenchange', left);
    return () => {
      document.removeEventListener('fullscreenchange', left);
      html.classList.remove('presenting');
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    };
  }, [presenting]);
  // Back from a presentation, keyboard focus returns to the button that started it.
  const presented = useRef(false);
  useEffect(() => {
    if (presenting) presented.current = true;
    else if (presented.current) presentButton.current?.focus();
  }, [presenting]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLElement && e.target.closest('input, select, textarea')) return;
      // Space on a focused button is that button's click: counting it twice would skip a beat.
      if (e.key === ' ' && e.target instanceof HTMLElement && e.target.closest('button, a')) return;
      // Arrows follow the reading direction: in Arabic, the left arrow moves forward. Presentation clickers
      // send Page Down and Page Up.
      const forward = document.documentElement.dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
      const back = forward === 'ArrowLeft' ? 'ArrowRight' : 'ArrowLeft';
      if (e.key === forward || e.key === ' ' || e.key === 'PageDown') setB((x) => Math.min(last, x + 1));
      else if (e.key === back || e.key === 'PageUp') setB((x) => Math.max(0, x - 1));
      else if (e.key === 'Escape' && presenting) setPresenting(false);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [last, presenting]);

  const position = <span data-testid="player-position">{tt('training.stepOf', { i: String(i), n: String(n) })}</span>;
  const whatIf = () => void leaving.save(async () => navigate({ name: 'sandbox', id: await startWhatIf(scenario, i, new Date().toISOString()) }));

  return (
    <article className="player" aria-labelledby="player-title">
      <p>
        <a href={href({ name: 'training' })}>{tt('training.all')}</a>
      </p>
      {/* The page's own h1 is in the header, hidden while presenting: screen readers keep one. */}
      {presenting && <h1 className="sr-only">{tt('training.presenting', { title: scenario.title[lang] })}</h1>}
      <h2 id="player-title" dir="auto">{scenario.title[lang]}</h2>
      <p className="hint" dir="auto">{scenario.summary[lang]}</p>
      {presenting ? (
        <div className="present-bar">
          {position}
          <button type="button" className="secondary" onClick={() => setPresenting(false)}>
            {tt('training.exitPresent')}
          </button>
        </div>
      ) : (
        <div className="player-controls">
          <button type="button" className="secondary" disabled={b === 0} onClick={() => setB(b - 1)}>
            {tt('training.prev')}
          </button>
          {position}
          <button type="button" disabled={b === last} onClick={() => setB(b + 1)}>
            {beat.phase === 'ask' ? tt('decision.reveal') : tt('training.next')}
          </button>
          <span className="hint">{tt('training.keys')}</span>
          <button
            ref={presentButton}
            type="button"
            className="secondary"
            onClick={() => {
              setPresenting(true);
              // Asked in the click itself: browsers grant full screen only to a user's gesture.
              void document.documentElement.requestFullscreen?.().catch(() => undefined);
            }}
          >
            {tt('training.present')}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() =>
              void import('../pdf/make').then(async ({ makeHandout }) => downloadBlob(`sanad-handout-${scenario.id}-${lang}.pdf`, await makeHandout(scenario, lang, DEFAULT_CALENDAR)))
            }
          >
            {tt('training.handout')}
          </button>
          <button type="button" className="secondary" onClick={() => downloadText(`${scenario.id}.json`, scenarioFile(scenario.file))}>
            {tt('scenario.export')}
          </button>
          <button type="button" className="secondary" aria-disabled={leaving.busy || undefined} onClick={() => !leaving.busy && whatIf()}>
            {tt('sandbox.whatIf')}
          </button>
        </div>
      )}
      {leaving.error && (
        <p role="alert" className="problems">
          {leaving.error}
        </p>
      )}
      {decision ? (
        <DecisionPanel decision={decision} revealed={beat.phase === 'reveal'} picked={picked[i]} onPick={(c) => setPicked({ ...picked, [i]: c })} />
      ) : shown ? (
        <section aria-live="polite" className="panel">
          <h3>
            {p(`event.${shown.event.type}`)} <span className="by">{t('event.by', { by: shown.event.by })}</span>
          </h3>
          {shown.narration && <p className="narration" dir="auto">{shown.narration[lang]}</p>}
        </section>
      ) : (
        <p className="hint">{tt('training.start')}</p>
      )}
      <div className="player-grid">
        <div>
          <p>
            {t('case.step')}: <strong data-testid="player-step">{p(`step.${step}.title`)}</strong>
          </p>
          <p className="hint">{p(`step.${step}.summary`)}</p>
          {required.length > 0 && (
            <ul>
              {required.map((r) => (
                <li key={r}>{p(`action.${r}`)}</li>
              ))}
            </ul>
          )}
        </div>
        <Statechart current={step} path={frame.path} />
      </div>
      <TypedLanguage.Provider value={scenario.origin === 'builtIn' ? builtInRecords(lang) : undefined}>
        <CaseRecord ctx={frame.snapshot.context} />
        <Chronology events={events} />
      </TypedLanguage.Provider>
    </article>
  );
}

/** The library (built-in and the trainer's own), then a scenario's player. */
export function TrainingPage({ id }: { id?: string }) {
  const { lang } = useI18n();
  const tt = useTrainingText();
  const library = useLibrary();
  if (!library) return null;
  const scenario = library.scenarios.find((s) => s.id === id);
  if (scenario) return <Player key={scenario.id} scenario={scenario} />;
  return (
    <section aria-labelledby="training-title">
      <h2 id="training-title">{tt('training.title')}</h2>
      <p className="hint">{tt('training.intro')}</p>
      {id && (
        <p role="alert" className="problems">
          {tt('scenario.notFound')}
        </p>
      )}
      <p>
        <a href={href({ name: 'sandbox' })}>{tt('sandbox.title')}</a>
      </p>
      <ul className="cases">
        {library.scenarios.map((s) => (
          <li key={s.id} className="case-row">
            <a href={href({ name: 'training', id: s.id })}>
              <strong dir="auto">{s.title[lang]}</strong>
              <span className="hint" dir="auto">{s.summary[lang]}</span>
              <span className="due">
                {tt('training.events', { n: String(s.steps.length) })} · {tt('training.decisions', { n: String(s.steps.filter((x) => x.decision).length) })}
                {s.origin !== 'builtIn' && ` · ${tt(s.origin === 'imported' ? 'scenario.imported' : 'scenario.fromSandbox')}`}
              </span>
            </a>
            {s.origin !== 'builtIn' && (
              <button type="button" className="secondary" onClick={() => void removeScenario(s.id)}>
                {tt('scenario.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {library.broken.length > 0 && (
        <p className="problems" role="note">
          {tt('scenario.broken', { ids: library.broken.join(', ') })}
        </p>
      )}
      <ScenarioImport />
    </section>
  );
}
