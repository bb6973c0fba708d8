import { readFileSync } from 'node:fs';

/** The events of a scenario of the library (protocol/scenarios/<name>.json), in its order: a case's whole log. */
export const scenarioEvents = (name: string): Record<string, unknown>[] =>
  (JSON.parse(readFileSync(`protocol/scenarios/${name}.json`, 'utf8')) as { steps: { event: Record<string, unknown> }[] }).steps.map((s) => s.event);
