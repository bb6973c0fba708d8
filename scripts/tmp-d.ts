import { initialTransition, transition } from 'xstate';
import { caseMachine } from '../machines/case-machine';
import { abstractState, modelEvents, firstYesAt } from '../tests/model/case-model';
import { hasHardTrigger, authorityAcknowledged } from '../machines/case-rules';
const p = process.argv[2] as 'flow';
const start = initialTransition(caseMachine, { caseId: 'm' })[0];
const seen = new Map<string, any>([[abstractState(start), start]]);
const path = new Map<string, string[]>([[abstractState(start), []]]);
const queue = [start]; const back = new Map<string, string[]>();
let shown = 0;
while (queue.length) {
  const s = queue.shift()!; const k = abstractState(s);
  for (const e of modelEvents(p)(s)) {
    if (!s.can(e)) continue;
    const isMpp = (e.type === 'track.choose' && e.track === 'A') || (e.type === 'interview.record' && e.kind.startsWith('mpp'));
    if (isMpp && hasHardTrigger(s.context) && !(s.context.emergency && Date.parse(s.context.emergency.enteredAt) >= firstYesAt(s) && authorityAcknowledged(s.context)) && shown++ < 2) console.log('R2', path.get(k)!.join(' > '), e.type);
    const nx = transition(caseMachine, s, e)[0]; const nk = abstractState(nx);
    back.set(nk, [...(back.get(nk) ?? []), k]);
    if (!seen.has(nk)) { seen.set(nk, nx); path.set(nk, [...path.get(k)!, e.type + ((e as any).trigger ? (e as any).trigger + (e as any).answer : '') + ((e as any).level ?? '')]); queue.push(nx); }
  }
}
const ok = new Set([...seen.keys()].filter(k => seen.get(k).value === 'closed')); const q = [...ok];
while (q.length) for (const pr of back.get(q.pop()!) ?? []) if (!ok.has(pr)) { ok.add(pr); q.push(pr); }
const stuck = [...seen.keys()].filter(k => !ok.has(k)); console.log('states', seen.size, 'stuck', stuck.length);
for (const k of stuck.slice(0, 2)) { console.log(k); console.log(path.get(k)!.join(' > ')); }
