import { assign, setup } from 'xstate';
import type { EventOf } from './events';

/** Shared-concern (MPP) interview series, track A: the target first, then each alleged author, then follow-up meetings. */
type InterventionEvent = EventOf<'interview.record' | 'followUp.resolve' | 'followUp.fail'>;

export const interventionMachine = setup({
  types: { context: {} as { authorInterviews: number }, events: {} as InterventionEvent },
  guards: {
    isKind: ({ event }, params: { kind: string }) => event.type === 'interview.record' && event.kind === params.kind,
    hasMetAnAuthor: ({ context }) => context.authorInterviews > 0,
  },
  actions: {
    countAuthor: assign({ authorInterviews: ({ context }) => context.authorInterviews + 1 }),
  },
}).createMachine({
  id: 'intervention',
  initial: 'targetInterview',
  context: { authorInterviews: 0 },
  states: {
    // The target is met first, as soon as the bullying is known.
    targetInterview: {
      on: {
        'interview.record': { guard: { type: 'isKind', params: { kind: 'mppTarget' } }, target: 'authorInterviews' },
        'followUp.fail': 'failed',
      },
    },
    authorInterviews: {
      on: {
        'interview.record': [
          { guard: { type: 'isKind', params: { kind: 'mppAuthor' } }, actions: 'countAuthor' },
          { guard: { type: 'isKind', params: { kind: 'mppWitness' } } },
          { guard: { type: 'isKind', params: { kind: 'mppTarget' } } },
          {
            guard: ({ context, event }) => context.authorInterviews > 0 && event.kind === 'mppFollowUp',
            target: 'followUpMeetings',
          },
        ],
        'followUp.resolve': { guard: 'hasMetAnAuthor', target: 'resolved' },
        'followUp.fail': 'failed',
      },
    },
    followUpMeetings: {
      on: {
        'interview.record': [
          { guard: { type: 'isKind', params: { kind: 'mppAuthor' } }, actions: 'countAuthor' },
          { guard: ({ event }) => event.kind !== 'formal' },
        ],
        'followUp.resolve': 'resolved',
        'followUp.fail': 'failed',
      },
    },
    resolved: {},
    failed: {},
  },
});
