// Prints the persisted snapshot of every scenario of the library, replayed from its log, as one JSON object.
// Run as a child process by machines/replay.test.ts under different clocks, time zones and random seeds.
import { readFileSync, readdirSync } from 'node:fs';
import { persist, replay } from '../../machines/replay';

const out: Record<string, unknown> = {};
for (const f of readdirSync('protocol/scenarios').filter((x) => x.endsWith('.json')).sort()) {
  const { steps } = JSON.parse(readFileSync(`protocol/scenarios/${f}`, 'utf8')) as { steps: { event: unknown }[] };
  out[f] = persist(replay(steps.map((s) => s.event), f));
}
process.stdout.write(JSON.stringify(out));
