import { toDirectedGraph } from 'xstate/graph';
import type { DirectedGraphNode } from 'xstate/graph';
import { STEP_IDS, stepDef } from '../protocol/steps';
import type { StepId } from '../protocol/steps';
import { caseMachine } from './case-machine';

/**
 * The case lifecycle as Mermaid text, for trainers and docs/protocol.mmd. Only moves between steps are drawn
 * (records that stay in a step would hide the protocol); parallel edges between two steps are merged.
 */
export interface LifecycleEdge {
  from: string;
  to: string;
  events: string[];
}

/**
 * Moves between steps, with the events that make them; sorted, one entry per pair of steps. A move the chart
 * holds once for every open step (closing, reopening, a trigger revealed) is drawn from each step whose
 * protocol accepts that event.
 */
export function lifecycleEdges(): LifecycleEdge[] {
  const graph = toDirectedGraph(caseMachine);
  const short = (id: string) => id.replace(/^case\.(open\.)?/, '');
  const isStep = (id: string): id is StepId => (STEP_IDS as readonly string[]).includes(id);
  const edges = new Map<string, LifecycleEdge>();
  const visit = (node: DirectedGraphNode) => {
    for (const edge of node.edges) {
      const type = edge.transition.eventType;
      const source = short(edge.source.id);
      const sources = isStep(source) ? [source] : STEP_IDS.filter((s) => s !== 'detected' && s !== 'closed' && stepDef(s).accepts.includes(type));
      const to = short(edge.target.id);
      if (!isStep(to)) continue;
      for (const from of sources) {
        // Records stay in their step; and intake never escalates by itself: its end (intake.submit) does.
        if (from === to || (from === 'intake' && to === 'emergencyEscalation' && type !== 'intake.submit')) continue;
        const key = `${from} --> ${to}`;
        const entry = edges.get(key) ?? { from, to, events: [] };
        if (!entry.events.includes(type)) entry.events.push(type);
        edges.set(key, entry);
      }
    }
    node.children.forEach(visit);
  };
  visit(graph);
  return [...edges.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, e]) => ({ ...e, events: e.events.sort() }));
}

export function lifecycleMermaid(): string {
  const lines = ['stateDiagram-v2', `  [*] --> ${(caseMachine.root.initial?.target[0]?.id ?? 'case.detected').replace(/^case\.(open\.)?/, '')}`];
  for (const e of lifecycleEdges()) lines.push(`  ${e.from} --> ${e.to} : ${e.events.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
