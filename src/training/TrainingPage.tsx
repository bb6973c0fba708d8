import { useEffect, useMemo, useState } from 'react';
import { requiredActions } from '../../machines/guidance';
import { applyCaseEvent, initialSnapshot, stepOf } from '../../machines/replay';
import type { CaseSnapshot } from '../../machines/replay';
import { loadScenario } from '../../machines/scenario';
import type { Scenario } from '../../machines/scenario';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { downloadBlob } from '../app/download';
import { useI18n } from '../app/i18n';
import { href } from '../app/router';
import { CaseRecord } from '../cases/CaseRecord';
import { Chronology } from '../cases/Chronology';
import type { CaseEventRecord } from '../storage/db';
import { Statechart } from './Statechart';

/**
 * The scenario library, bundled with the app (it works offline), checked by the same loader as the CLI. The
 * player replays in memory only: nothing is ever written, so training can never mix with real cases.
 */
const FILES = import.meta.glob<unknown>('../../protocol/scenarios/*.json', { eager: true, import: 'default' });
const LIBRARY: Scenario[] = Object.values(FILES)
  .map((raw) => loadScenario(raw).scenario)
  .sort((a, b) => a.id.localeCompare(b.id));

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

function Player({ scenario }: { scenario: Scenario }) {
  const { t, p, lang } = useI18n();
  const all = useMemo(() => frames(scenario), [scenario]);
  const [i, setI] = useState(0);
  const n = scenario.steps.length;
  const frame = all[i]!;
  const step = stepOf(frame.snapshot);
  const shown = scenario.steps[i - 1];
  const required = requiredActions(frame.snapshot);
  const events: CaseEventRecord[] = scenario.steps.slice(0, i).map(({ event }, seq) => ({ id: `${scenario.id}-${seq}`, caseId: scenario.id, seq, at: event.at, by: event.by, event }));

  useEffect(() => {
    const leave = () => {
      if (!document.fullscreenElement) document.documentElement.classList.remove('presenting');
    };
    document.addEventListener('fullscreenchange', leave);
    return () => {
      document.removeEventListener('fullscreenchange', leave);
      document.documentElement.classList.remove('presenting');
    };
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLElement && e.target.closest('input, select, textarea')) return;
      // Arrows follow the reading direction: in Arabic, the left arrow moves forward.
      const forward = document.documentElement.dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
      const back = forward === 'ArrowLeft' ? 'ArrowRight' : 'ArrowLeft';
      if (e.key === forward || e.key === ' ') setI((x) => Math.min(n, x + 1));
      else if (e.key === back) setI((x) => Math.max(0, x - 1));
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [n]);

  return (
    <article className="player" aria-labelledby="player-title">
      <p className="training-banner" role="note">
        {t('training.banner')}
      </p>
      <p>
        <a href={href({ name: 'training' })}>{t('training.all')}</a>
      </p>
      <h2 id="player-title">{scenario.title[lang]}</h2>
      <p className="hint">{scenario.summary[lang]}</p>
      <div className="player-controls">
        <button type="button" className="secondary" disabled={i === 0} onClick={() => setI(i - 1)}>
          {t('training.prev')}
        </button>
        <span data-testid="player-position">{t('training.stepOf', { i: String(i), n: String(n) })}</span>
        <button type="button" disabled={i === n} onClick={() => setI(i + 1)}>
          {t('training.next')}
        </button>
        <span className="hint">{t('training.keys')}</span>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            // Large text on a projector; the browser's own full screen, left with Escape.
            document.documentElement.classList.add('presenting');
            void document.documentElement.requestFullscreen?.().catch(() => undefined);
          }}
        >
          {t('training.present')}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() =>
            void import('../pdf/make').then(async ({ makeHandout }) => downloadBlob(`sanad-handout-${scenario.id}-${lang}.pdf`, await makeHandout(scenario, lang, DEFAULT_CALENDAR)))
          }
        >
          {t('training.handout')}
        </button>
      </div>
      {shown ? (
        <section aria-live="polite" className="panel">
          <h3>
            {p(`event.${shown.event.type}`)} <span className="by">{t('event.by', { by: shown.event.by })}</span>
          </h3>
          {shown.narration && <p className="narration">{shown.narration[lang]}</p>}
        </section>
      ) : (
        <p className="hint">{t('training.start')}</p>
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
      <CaseRecord ctx={frame.snapshot.context} />
      <Chronology events={events} />
    </article>
  );
}

/** The library, then a scenario's player. */
export function TrainingPage({ id }: { id?: string }) {
  const { t, lang } = useI18n();
  const scenario = LIBRARY.find((s) => s.id === id);
  if (scenario) return <Player key={scenario.id} scenario={scenario} />;
  return (
    <section aria-labelledby="training-title">
      <p className="training-banner" role="note">
        {t('training.banner')}
      </p>
      <h2 id="training-title">{t('training.title')}</h2>
      <p className="hint">{t('training.intro')}</p>
      <ul className="cases">
        {LIBRARY.map((s) => (
          <li key={s.id} className="case-row">
            <a href={href({ name: 'training', id: s.id })}>
              <strong>{s.title[lang]}</strong>
              <span className="hint">{s.summary[lang]}</span>
              <span className="due">{t('training.events', { n: String(s.steps.length) })}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
