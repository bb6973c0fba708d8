/**
 * Prints performance figures; never asserts them (machines here are shared and noisy).
 *   - size of each built chunk, raw and gzipped (run after `vite build`, which this script does)
 *   - replay cost: events per millisecond over the scenario library, and a 30-event case replay
 *   - persist/restore of a snapshot versus a full replay
 *   - time to the tap-to-call 19 on a throttled phone, first and repeat visit (scripts/bench-first-paint.ts)
 *   - storage in headless Chromium with 10,000 cases (scripts/bench-browser.ts)
 */
import { execSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { persist, replay, restore } from '../machines/replay';
import { benchBrowser } from './bench-browser';
import { benchFirstPaint } from './bench-first-paint';
import { buildPdf } from '../src/pdf/documents';
import { DEFAULT_CALENDAR } from '../protocol/calendar';
import type { CaseEvent } from '../machines/events';
import { nodeFonts } from './pdf-cli';

function time<T>(runs: number, f: () => T): number {
  f();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) f();
  return (performance.now() - t0) / runs;
}

execSync('npx vite build --logLevel error --manifest', { stdio: 'inherit' });
console.log('\nBundle (dist/assets)');
const html = readFileSync('dist/index.html', 'utf8');
const gzOf = new Map<string, number>();
for (const name of readdirSync('dist/assets').filter((f) => /\.(js|css)$/.test(f)).sort()) {
  const gz = gzipSync(readFileSync(join('dist/assets', name))).length;
  gzOf.set(`assets/${name}`, gz);
  console.log(`  ${name.padEnd(36)} ${(statSync(join('dist/assets', name)).size / 1024).toFixed(1).padStart(8)} KB  gzip ${(gz / 1024).toFixed(1).padStart(7)} KB${html.includes(name) ? '  (initial)' : ''}`);
}
{
  // What each moment needs, from Vite's manifest: a chunk and everything it imports statically.
  const manifest = JSON.parse(readFileSync('dist/.vite/manifest.json', 'utf8')) as Record<string, { file: string; imports?: string[] }>;
  const closure = (keys: string[], seen = new Set<string>()): Set<string> => {
    for (const key of keys) {
      const chunk = manifest[key];
      if (!chunk || seen.has(chunk.file)) continue;
      seen.add(chunk.file);
      closure(chunk.imports ?? [], seen);
    }
    return seen;
  };
  const kb = (files: Set<string>) => `${([...files].reduce((n, f) => n + (f.endsWith('.js') ? (gzOf.get(f) ?? 0) : 0), 0) / 1024).toFixed(1)} KB`;
  const initial = closure(['index.html']);
  const frame = closure(['src/i18n/wording-ar.ts'], new Set(initial));
  const unlock = closure(['src/app/Workspace.tsx'], new Set(frame));
  console.log(`  initial JavaScript (linked from the HTML), gzipped: ${kb(initial)} (budget 120 KB)`);
  console.log(`  + the Arabic wording (the app's frame drawn, before which the HTML's numbers show): ${kb(frame)}`);
  console.log(`  + the cases' pages and the database (the unlock screen; fetched alongside the wording): ${kb(unlock)}`);
}

console.log('\nProtocol machine (Node, this machine)');
const logs = readdirSync('protocol/scenarios')
  .filter((f) => f.endsWith('.json'))
  .map((f) => (JSON.parse(readFileSync(join('protocol/scenarios', f), 'utf8')) as { steps: { event: unknown }[] }).steps.map((s) => s.event));
const events = logs.reduce((n, l) => n + l.length, 0);
const all = time(50, () => logs.forEach((l) => replay(l)));
console.log(`  replay of ${logs.length} scenarios (${events} events): ${all.toFixed(2)} ms, ${(all / events * 1000).toFixed(1)} µs per event`);
const longest = logs.reduce((a, b) => (b.length > a.length ? b : a));
const log30 = longest.slice(0, 30);
console.log(`  replay of a 30-event case: ${time(200, () => replay(log30)).toFixed(3)} ms (budget for open-a-case: 50 ms including storage)`);
const stored = JSON.parse(JSON.stringify(persist(replay(log30))));
console.log(`  restore of its persisted snapshot: ${time(200, () => restore(stored, log30)).toFixed(3)} ms`);

console.log('\nPDF (Node, this machine)');
{
  const base = JSON.parse(readFileSync('protocol/scenarios/relapse-reopen.json', 'utf8')) as { steps: { event: CaseEvent }[] };
  const log40 = base.steps.map((x) => x.event);
  const last = Date.parse(log40.at(-1)!.at);
  // Padded to 40 events with notes, in Arabic, so the figure is for the budget's case.
  for (let i = log40.length; i < 40; i++) log40.push({ type: 'note.add', at: new Date(last + i * 60_000).toISOString(), by: 'ذ. بنعلي', text: `ملاحظة رقم ${i}: تابعنا مع التلميذة على https://instagram.com/p/Cx${i}.` } as CaseEvent);
  const snapshot = replay(log40, 'bench');
  const fonts = nodeFonts();
  const input = { lang: 'ar' as const, caseRef: 'BENCH-40', snapshot, events: log40.map((e) => ({ at: e.at, by: e.by, event: e })), school: 'ثانوية ابن سينا، سلا', generatedAt: new Date(last + 3_600_000).toISOString(), calendar: DEFAULT_CALENDAR, redact: false };
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const bytes = buildPdf('case', input, fonts).output('arraybuffer');
    times.push(performance.now() - t0);
    size = bytes.byteLength;
  }
  times.shift();
  times.sort((a, b) => a - b);
  console.log(`  Arabic case file, ${log40.length} events: built in ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms (median of 5; budget 1,500 ms), ${(size / 1024).toFixed(1)} KB (budget 250 KB)`);
  const initialNames = readdirSync('dist/assets').filter((f) => html.includes(f));
  const heavy = initialNames.filter((f) => f.endsWith('.ttf') || readFileSync(join('dist/assets', f), 'utf8').includes('jsPDF'));
  console.log(`  jsPDF and fonts in the initial bundle: ${heavy.length === 0 ? 'none' : heavy.join(', ')}`);
}

await benchFirstPaint();
await benchBrowser();
