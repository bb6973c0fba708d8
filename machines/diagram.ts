import { toDirectedGraph } from 'xstate/graph';
import type { DirectedGraphNode } from 'xstate/graph';
import { caseMachine } from './case-machine';

/**
 * The case lifecycle as Mermaid text, for trainers and docs/protocol.mmd. Only moves between steps are drawn
 * (records that stay in a step would hide the protocol); parallel edges between two steps are merged.
 */
export function lifecycleMermaid(): string {
  const graph = toDirectedGraph(caseMachine);
  const short = (id: string) => id.replace(/^case\./, '');
  const edges = new Map<string, Set<string>>();
  const visit = (node: DirectedGraphNode) => {
    for (const edge of node.edges) {
      const from = short(edge.source.id);
      const to = short(edge.target.id);
      if (from === to) continue;
      const key = `${from} --> ${to}`;
      if (!edges.has(key)) edges.set(key, new Set());
      edges.get(key)?.add(edge.transition.eventType);
    }
    node.children.forEach(visit);
  };
  visit(graph);
  const lines = ['stateDiagram-v2', `  [*] --> ${short(caseMachine.root.initial?.target[0]?.id ?? 'case.detected')}`];
  for (const [key, events] of [...edges].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  ${key} : ${[...events].sort().join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
