import { explore } from './explore';
import { MUTANTS } from './mutants';
import { PROFILES } from './profiles';

/**
 * Mutation testing of the machine: every hand-made fault (tests/model/mutants.ts) must be caught by the model
 * checks, on one of the model's profiles. A walk stops at its first counterexample.
 */
const ORDER = ['answers', 'authorities', 'records', 'flow'] as const;

describe('mutants of the machine', () => {
  const killed: string[] = [];
  afterAll(() => {
    console.log(`mutants killed: ${killed.length} of ${MUTANTS.length}`);
  });

  it.each(MUTANTS.map((m) => [m.name, m] as const))('the model checks catch: %s', (_name, mutant) => {
    const { machine, undo } = mutant.make();
    try {
      let caught: string | null = null;
      for (const name of ORDER) {
        const r = explore(machine, PROFILES[name], { stopAtFirst: true });
        if (r.violations.length > 0) {
          caught = `${name}: ${r.violations[0]!.rule}`;
          break;
        }
      }
      expect(caught, 'no counterexample found').not.toBeNull();
      killed.push(mutant.name);
      console.log(`killed "${mutant.name}" — ${caught}`);
    } finally {
      undo?.();
    }
  });

  it('there are at least twelve', () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(12);
  });
});
