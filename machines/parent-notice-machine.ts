import { setup } from 'xstate';
import type { EventOf } from './events';

/** Parent / guardian notification. Default: notify; a deferral needs a reason and its author. */
type ParentEvent = EventOf<'parent.notify' | 'parent.defer' | 'parent.update' | 'parent.shareOutcome'>;

export const parentNoticeMachine = setup({
  types: { events: {} as ParentEvent },
}).createMachine({
  id: 'parentNotice',
  initial: 'notNotified',
  states: {
    notNotified: { on: { 'parent.notify': 'notified', 'parent.defer': 'deferred' } },
    // A deferral can be re-decided (new reason) and later lifted by notifying.
    deferred: { on: { 'parent.defer': {}, 'parent.notify': 'notified' } },
    notified: { on: { 'parent.update': {}, 'parent.shareOutcome': 'outcomeShared' } },
    outcomeShared: { on: { 'parent.update': {} } },
  },
});
