import { toDirectedGraph } from 'xstate/graph';
import type { DirectedGraphNode } from 'xstate/graph';
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

/** Moves between top-level steps, with the events that make them; sorted, one entry per pair of steps. */
export function lifecycleEdges(): LifecycleEdge[] {
  const graph = toDirectedGraph(caseMachine);
  const short = (id: string) => id.replace(/^case\./, '');
  const edges = new Map<string, LifecycleEdge>();
  const visit = (node: DirectedGraphNode) => {
    for (const edge of node.edges) {
      const from = short(edge.source.id);
      const to = short(edge.target.id);
      if (from === to) continue;
      const key = `${from} --> ${to}`;
      const entry = edges.get(key) ?? { from, to, events: [] };
      if (!entry.events.includes(edge.transition.eventType)) entry.events.push(edge.transition.eventType);
      edges.set(key, entry);
    }
    node.children.forEach(visit);
  };
  visit(graph);
  return [...edges.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, e]) => ({ ...e, events: e.events.sort() }));
}

export function lifecycleMermaid(): string {
  const lines = ['stateDiagram-v2', `  [*] --> ${(caseMachine.root.initial?.target[0]?.id ?? 'case.detected').replace(/^case\./, '')}`];
  for (const e of lifecycleEdges()) lines.push(`  ${e.from} --> ${e.to} : ${e.events.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
