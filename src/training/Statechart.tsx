import { lifecycleEdges } from '../../machines/diagram';
import { STEP_IDS } from '../../protocol/steps';
import { useI18n } from '../app/i18n';
import { useTrainingText } from './text';

/** Fixed places for the eleven steps: the protocol reads top to bottom, emergency on one side, conflict on the other. */
const PLACE: Record<string, [number, number]> = {
  detected: [1, 0],
  intake: [1, 1],
  triage: [1, 2],
  emergencyEscalation: [0, 3],
  assessment: [1, 3],
  conflictHandling: [2, 3],
  supportAndIntervention: [1, 4],
  followUp: [1, 5],
  escalatedTrackB: [0, 6],
  monitoring: [1, 7],
  closed: [2, 8],
};
const W = 190;
const H = 44;
const GX = 230;
const GY = 70;
const EDGES = lifecycleEdges();
const centre = (id: string) => {
  const [c, r] = PLACE[id] ?? [0, 0];
  return { x: 20 + c * GX + W / 2, y: 14 + r * GY + H / 2 };
};

/**
 * The protocol's statechart, drawn from the machine itself (every move between steps), with the current step
 * highlighted and the path the case took marked. Works offline: plain SVG, no layout library.
 */
export function Statechart({ current, path }: { current: string; path: string[] }) {
  const { p } = useI18n();
  const tt = useTrainingText();
  const taken = new Set(path.slice(1).map((to, i) => `${path[i]}>${to}`));
  const visited = new Set(path);
  return (
    <figure className="statechart" aria-labelledby="statechart-title">
      <figcaption id="statechart-title">{tt('training.statechart')}</figcaption>
      <svg viewBox={`0 0 ${20 + 3 * GX} ${28 + 9 * GY}`} role="img" aria-labelledby="statechart-title" direction="ltr">
        {EDGES.map((e) => {
          const a = centre(e.from);
          const b = centre(e.to);
          const on = taken.has(`${e.from}>${e.to}`);
          return <line key={`${e.from}-${e.to}`} x1={a.x} y1={a.y} x2={b.x} y2={b.y} className={on ? 'edge taken' : 'edge'} />;
        })}
        {STEP_IDS.map((id) => {
          const [c, r] = PLACE[id] ?? [0, 0];
          const state = id === current ? 'current' : visited.has(id) ? 'visited' : 'idle';
          return (
            <g key={id} data-state={id} data-mark={state} aria-current={id === current ? 'step' : undefined}>
              <rect x={20 + c * GX} y={14 + r * GY} width={W} height={H} rx={10} className={`node ${state}`} />
              <text x={20 + c * GX + W / 2} y={14 + r * GY + H / 2 + 5} textAnchor="middle" className="label">
                {p(`step.${id}.title`)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
