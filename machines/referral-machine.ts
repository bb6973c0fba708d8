import { setup } from 'xstate';
import type { EventOf } from './events';

/** One referral or platform report, created as `made` by `referral.make`. */
type ReferralEvent = EventOf<'referral.acknowledge' | 'referral.resolve'>;

export const referralMachine = setup({
  types: { events: {} as ReferralEvent },
  guards: {
    // Giving up on a referral or a platform ticket needs a reason: closure checks that every referral has a status.
    hasReasonIfAbandoned: ({ event }) =>
      event.type !== 'referral.resolve' || event.status === 'completed' || (event.reason ?? '').trim() !== '',
  },
}).createMachine({
  id: 'referral',
  initial: 'made',
  states: {
    made: {
      on: {
        'referral.acknowledge': 'acknowledged',
        'referral.resolve': { guard: 'hasReasonIfAbandoned', target: 'closed' },
      },
    },
    acknowledged: {
      on: {
        'referral.acknowledge': {},
        'referral.resolve': { guard: 'hasReasonIfAbandoned', target: 'closed' },
      },
    },
    closed: {},
  },
});
