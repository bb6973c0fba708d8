import { explore } from './explore';
import { MUTANTS } from './mutants';
import { PROFILES } from './profiles';

/**
 * Mutation testing of the machine: every hand-made fault (tests/model/mutants.ts) must be caught by the model
 * checks on the profile it names. The walk stops at its first counterexample.
 */

describe('mutants of the machine', () => {
  const killed: string[] = [];
  afterAll(() => {
    console.log(`mutants killed: ${killed.length} of ${MUTANTS.length}`);
  });

  it.each(MUTANTS.map((m) => [m.name, m] as const))('the model checks catch: %s', (_name, mutant) => {
    const { machine, undo } = mutant.make();
    try {
      const r = explore(machine, PROFILES[mutant.on], { stopAtFirst: true });
      const caught = r.violations[0] ? `${mutant.on}: ${r.violations[0].rule}` : null;
      expect(caught, `no counterexample found on the profile "${mutant.on}"`).not.toBeNull();
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
