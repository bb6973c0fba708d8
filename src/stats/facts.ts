import { localDate } from '../../protocol/calendar';
import type { SchoolCalendar } from '../../protocol/calendar';
import { replayRecorded } from '../../machines/replay';
import type { CaseSnapshot } from '../../machines/replay';
import { channelTypeOf, cycleOfClass, triageBand, typologyGroupOf } from './dimensions';
import type { DimensionId } from './dimensions';

/** One case's log, as stored or as a scenario tells it (validated event by event by the replay). */
export interface CaseHistory {
  events: readonly unknown[];
}

/** What the export may know of one case: its report time and one whitelisted value per dimension. */
export interface CaseFacts {
  reportedAt: string;
  values: Readonly<Record<Exclude<DimensionId, 'period'>, string>>;
}

/**
 * How a log's events up to a cut are replayed: by default afresh. The dashboard passes one that keeps each
 * snapshot, so it does not replay a second time the logs the counting already replayed to the same cut.
 */
export type Replay = (history: CaseHistory, events: readonly unknown[]) => CaseSnapshot;
const replayAfresh: Replay = (_history, events) => replayRecorded(events).snapshot;

const DAY_MS = 86_400_000;
const at = (e: unknown) => (typeof e === 'object' && e !== null ? String((e as { at?: unknown }).at ?? '') : '');

/**
 * The facts of a case as they stood at `until` (an instant, exclusive): events after it are not read, so an
 * export of a past term says what was known at its end, whenever it is built. Undefined for an empty log.
 */
export function caseFacts(history: CaseHistory, until: string, calendar: SchoolCalendar, replay: Replay = replayAfresh): CaseFacts | undefined {
  const end = Date.parse(until);
  // A log is in time order (the replay refuses one that is not): its events up to the end are a prefix. An
  // event whose time does not parse stays in, for the replay to refuse with its index.
  const cut = history.events.findIndex((e) => Date.parse(at(e)) >= end);
  const events = cut < 0 ? history.events : history.events.slice(0, cut);
  const first = events[0];
  if (first === undefined) return undefined;
  // Recorded logs are applied as recorded (a rule changed since is a departure, not a reason to drop a case).
  const c = replay(history, events).context;
  const reportedAt = c.report?.at ?? at(first);
  const rated = c.severityHistory[0]?.at;
  const days = rated === undefined ? undefined : Math.round((Date.parse(localDate(rated, calendar)) - Date.parse(localDate(reportedAt, calendar))) / DAY_MS);
  const levels = c.severityHistory.map((s) => s.level);
  const codes = c.categories.length ? c.categories : c.categoriesEver;
  return {
    reportedAt,
    values: {
      cycle: cycleOfClass(c.parties.find((p) => p.role === 'target')?.className),
      typologyGroup: typologyGroupOf(codes),
      maxSeverity: levels.length ? String(Math.max(...levels)) : 'unrated',
      hardTrigger: c.yesHistory.length > 0 ? 'yes' : 'no',
      track: c.track ?? 'none',
      outcome: c.step === 'closed' && c.closure ? c.closure.reason : 'open',
      referralChannel: channelTypeOf(c.referrals.map((r) => r.channel)),
      daysToTriage: triageBand(days),
    },
  };
}
