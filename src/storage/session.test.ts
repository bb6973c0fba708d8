import { describe, expect, it } from 'vitest';
import type { VaultKeys } from './crypto';
import { clearSessionKeys, markVaultSettled, sessionGeneration, setSessionKeys, whenVaultSettled } from './session';

const keys = () => ({ data: {}, chain: {} }) as unknown as VaultKeys;
const settledNow = async () => {
  let done = false;
  void whenVaultSettled().then(() => (done = true));
  await new Promise((r) => setTimeout(r, 0));
  return done;
};

describe('an unlock’s upkeep', () => {
  it('is pending from the unlock until its own run says it ended', async () => {
    setSessionKeys(keys());
    const gen = sessionGeneration();
    expect(await settledNow()).toBe(false);
    markVaultSettled(gen);
    expect(await settledNow()).toBe(true);
    clearSessionKeys();
  });

  it('a reader waiting before the end is released at the end', async () => {
    setSessionKeys(keys());
    const gen = sessionGeneration();
    let released = false;
    const waiting = whenVaultSettled().then(() => (released = true));
    await new Promise((r) => setTimeout(r, 0));
    expect(released).toBe(false);
    markVaultSettled(gen);
    await waiting;
    expect(released).toBe(true);
    clearSessionKeys();
  });

  it('a run from an earlier unlock cannot settle the next one', async () => {
    setSessionKeys(keys());
    const old = sessionGeneration();
    clearSessionKeys();
    setSessionKeys(keys());
    markVaultSettled(old);
    expect(await settledNow()).toBe(false);
    markVaultSettled(sessionGeneration());
    expect(await settledNow()).toBe(true);
    clearSessionKeys();
  });

  it('a passphrase change while unlocked keeps the upkeep’s state', async () => {
    setSessionKeys(keys());
    markVaultSettled(sessionGeneration());
    setSessionKeys(keys());
    expect(await settledNow()).toBe(true);
    clearSessionKeys();
    expect(await settledNow()).toBe(false);
  });
});
