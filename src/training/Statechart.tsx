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
/** Where the line from `a` meets the box around `b` (plus a small gap), so its arrowhead is not under the box. */
function tip(a: { x: number; y: number }, b: { x: number; y: number }) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const k = Math.min(dx ? (W / 2 + 3) / Math.abs(dx) : Infinity, dy ? (H / 2 + 3) / Math.abs(dy) : Infinity);
  return { x: b.x - dx * k, y: b.y - dy * k };
}

/**
 * The protocol's statechart, drawn from the machine itself (every move between steps, each an arrow), with the
 * current step highlighted and the path the case took marked. Works offline: plain SVG, no layout library.
 * A phone cannot read the chart's labels, so narrow screens get the steps as a list instead (CSS chooses).
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
        <defs>
          {['edge', 'taken'].map((kind) => (
            <marker key={kind} id={`statechart-${kind}`} className={`arrow ${kind}`} viewBox="0 0 10 10" refX={10} refY={5} markerWidth={11} markerHeight={11} markerUnits="userSpaceOnUse" orient="auto">
              <path d="M0,0 L10,5 L0,10 z" />
            </marker>
          ))}
        </defs>
        {EDGES.map((e) => {
          const a = centre(e.from);
          const b = tip(a, centre(e.to));
          const on = taken.has(`${e.from}>${e.to}`);
          return <line key={`${e.from}-${e.to}`} x1={a.x} y1={a.y} x2={b.x} y2={b.y} className={on ? 'edge taken' : 'edge'} markerEnd={`url(#statechart-${on ? 'taken' : 'edge'})`} />;
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
      <ol className="statechart-steps">
        {STEP_IDS.map((id) => (
          <li key={id} className={id === current ? 'current' : visited.has(id) ? 'visited' : undefined} aria-current={id === current ? 'step' : undefined}>
            {p(`step.${id}.title`)}
          </li>
        ))}
      </ol>
    </figure>
  );
}
