import { setup } from 'xstate';
import type { EventOf } from './events';

/** Evidence item lifecycle: captured, preserved, shared with an authority or retained, disposed. The item is created in `capturing` by `evidence.add`. */
type EvidenceEvent = EventOf<'evidence.update' | 'evidence.preserve' | 'evidence.share' | 'evidence.retain' | 'evidence.dispose'>;

/** Fields that would put media, or a way to find it, on the device. */
const ATTACHMENT_FIELDS = ['url', 'sha256', 'file', 'storageLocation'] as const;

export function attachesMedia(event: object): boolean {
  return ATTACHMENT_FIELDS.some((f) => {
    const v = (event as Record<string, unknown>)[f];
    return typeof v === 'string' && v !== '';
  });
}

export const evidenceMachine = setup({
  types: { context: {} as { intimate: boolean }, events: {} as EvidenceEvent },
  guards: {
    // An intimate image of a minor is only ever described: never a file, a hash, a URL or a storage place.
    isAllowedForItem: ({ context, event }) => !(context.intimate && attachesMedia(event)),
  },
}).createMachine({
  id: 'evidence',
  initial: 'capturing',
  context: { intimate: false },
  states: {
    capturing: {
      on: {
        'evidence.update': { guard: 'isAllowedForItem' },
        'evidence.preserve': { guard: 'isAllowedForItem', target: 'preserved' },
        'evidence.dispose': 'disposed',
      },
    },
    preserved: {
      on: {
        'evidence.update': { guard: 'isAllowedForItem' },
        'evidence.share': 'sharedWithAuthority',
        'evidence.retain': 'retained',
        'evidence.dispose': 'disposed',
      },
    },
    sharedWithAuthority: { on: { 'evidence.share': {}, 'evidence.dispose': 'disposed' } },
    retained: { on: { 'evidence.share': 'sharedWithAuthority', 'evidence.dispose': 'disposed' } },
    disposed: {},
  },
});
