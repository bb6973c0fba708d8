import {
  CryptoFailure,
  PBKDF2_ITERATIONS,
  VAULT_FORMAT,
  keysFromMaster,
  newKdfParams,
  newRecoveryCode,
  openBytes,
  passphraseKey,
  randomBytes,
  recoveryKey,
  sealBytes,
  toBase64,
} from './crypto';
import type { KdfParams, Sealed, VaultKeys } from './crypto';
import type { SanadDb } from './db';
import { oneWriterAtATime } from './ledger';

/**
 * The vault: one row holding the KDF parameters and the master secret sealed twice (passphrase,
 * recovery code). Nothing in it unlocks anything without the passphrase or the code.
 *
 * Every write of the row takes the writers' lock (`oneWriterAtATime`, src/storage/ledger.ts), the attempt counter
 * included: a compaction holds it from its copy to its switch and gives way to a writer waiting for it, so none of
 * them is written to a database being switched away from (docs/decisions/0021-retention.md). The slow work (the
 * key derivation) is done before the lock is asked for.
 */
export interface VaultRow {
  id: 'vault';
  format: number;
  createdAt: string;
  kdf: KdfParams;
  byPassphrase: Sealed;
  recovery: { salt: string; sealed: Sealed };
  /**
   * Attempts since the last success, counted when each attempt starts (so attempts run in parallel are each
   * counted); the wait before the next one grows with it.
   */
  failures: number;
  /** When the last attempt started, for the record only: the wait never depends on the clock. */
  lastFailureAt?: string;
  /** Rows written before the vault existed have all been sealed. */
  legacySealed: boolean;
  /**
   * A revocation under way: the replaced master secret, sealed under the new one's data key. Only the new
   * passphrase or recovery code reaches it; it goes once every case is resealed under the new keys.
   */
  rekey?: { sealed: Sealed };
  /** The key generation of this master (absent: the first), as the ledger's row also says in clear. */
  gen?: number;
}

export type VaultProblem = 'tooShort' | 'tooLong' | 'wrongPassphrase' | 'wrongRecoveryCode' | 'exists' | 'noVault' | 'notReady' | 'attemptUnderway';

export class VaultError extends Error {
  constructor(
    readonly problem: VaultProblem,
    /** After a wrong secret: how long the next attempt will wait before it is checked. */
    readonly nextWaitSeconds?: number,
  ) {
    super(`vault: ${problem}`);
    this.name = 'VaultError';
  }
}

export const PASSPHRASE_MIN = 12;
export const PASSPHRASE_MAX = 256;
/** Attempts allowed before the delay starts. */
export const FREE_ATTEMPTS = 5;

const AAD_PASSPHRASE = 'sanad/vault/passphrase/v1';
const AAD_RECOVERY = 'sanad/vault/recovery/v1';
const AAD_PREVIOUS = 'sanad/vault/previous-master/v1';

export function checkPassphrase(passphrase: string): VaultProblem | null {
  const length = [...passphrase.normalize('NFC')].length;
  if (length < PASSPHRASE_MIN) return 'tooShort';
  if (length > PASSPHRASE_MAX) return 'tooLong';
  return null;
}

/** Seconds an attempt waits after `failures` earlier ones: none for the first five, then 2, 4, 8… up to 5 minutes. */
export function delayAfter(failures: number): number {
  return failures < FREE_ATTEMPTS ? 0 : Math.min(2 ** (failures - FREE_ATTEMPTS + 1), 300);
}

export const readVault = (db: SanadDb) => db.vault.get('vault');

export type VaultSecret = { passphrase: string } | { recoveryCode: string };
export type SealedVault = Pick<VaultRow, 'kdf' | 'byPassphrase' | 'recovery'>;

/** The master secret from a vault (this device's, or one carried in a backup); CryptoFailure when the secret is wrong. */
export async function openMaster(vault: SealedVault, secret: VaultSecret): Promise<Uint8Array<ArrayBuffer>> {
  return 'passphrase' in secret
    ? openBytes(await passphraseKey(secret.passphrase, vault.kdf), AAD_PASSPHRASE, vault.byPassphrase)
    : openBytes(await recoveryKey(secret.recoveryCode, vault.recovery.salt), AAD_RECOVERY, vault.recovery.sealed);
}

/** The working keys a sealed vault gives for a secret; the master bytes are dropped at once. */
export async function keysFromVault(vault: SealedVault, secret: VaultSecret): Promise<VaultKeys> {
  return withMaster(await openMaster(vault, secret), keysFromMaster);
}

async function withMaster<T>(master: Uint8Array<ArrayBuffer>, use: (m: Uint8Array<ArrayBuffer>) => Promise<T>): Promise<T> {
  try {
    return await use(master);
  } finally {
    // The master secret is needed only to derive keys and reseal: do not leave it in memory.
    master.fill(0);
  }
}

async function sealForPassphrase(master: Uint8Array<ArrayBuffer>, passphrase: string): Promise<Pick<VaultRow, 'kdf' | 'byPassphrase'>> {
  const kdf = newKdfParams(PBKDF2_ITERATIONS);
  return { kdf, byPassphrase: await sealBytes(await passphraseKey(passphrase, kdf), AAD_PASSPHRASE, master) };
}

/** First run: a new master secret, sealed by the passphrase and by a recovery code shown once. */
export async function createVault(db: SanadDb, passphrase: string, now: string): Promise<{ keys: VaultKeys; recoveryCode: string }> {
  const problem = checkPassphrase(passphrase);
  if (problem) throw new VaultError(problem);
  if (await readVault(db)) throw new VaultError('exists');
  const recoveryCode = newRecoveryCode();
  const salt = toBase64(randomBytes(16));
  return withMaster(randomBytes(32), async (master) => {
    const row: VaultRow = {
      id: 'vault',
      format: VAULT_FORMAT,
      createdAt: now,
      ...(await sealForPassphrase(master, passphrase)),
      recovery: { salt, sealed: await sealBytes(await recoveryKey(recoveryCode, salt), AAD_RECOVERY, master) },
      failures: 0,
      legacySealed: false,
    };
    const keys = await keysFromMaster(master);
    await oneWriterAtATime(() =>
      db.transaction('rw', db.vault, async () => {
        if (await db.vault.get('vault')) throw new VaultError('exists');
        await db.vault.add(row);
      }),
    );
    return { keys, recoveryCode };
  });
}

/** How an attempt waits: a real timer (monotonic, whatever the clock says); tests pass their own. */
export interface AttemptOptions {
  sleep?: (ms: number) => Promise<void>;
  /** Told before the wait, to say so on screen. */
  onWait?: (seconds: number) => void;
}
const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * One attempt at a time, in this tab and across tabs (a Web Lock where the browser has them). An attempt that
 * arrives while another is waiting or being checked is refused at once, and counted: queued attempts would add
 * their waits together and keep the teacher out for as long as someone keeps firing them.
 */
let underway = false;

/** Counts one attempt in the vault row (under the writers' lock); returns the row as it was before. */
const countAttempt = (db: SanadDb, now: string) =>
  oneWriterAtATime(() =>
    db.transaction('rw', db.vault, async () => {
      const r = await readVault(db);
      if (r) await db.vault.update('vault', { failures: r.failures + 1, lastFailureAt: now });
      return r;
    }),
  );

/** A change to the vault row, under the writers' lock. */
const updateVault = (db: SanadDb, change: Partial<VaultRow>) => oneWriterAtATime(() => db.vault.update('vault', change));

async function oneAtATime<T>(db: SanadDb, now: string, work: () => Promise<T>): Promise<T> {
  const refuse = async (): Promise<never> => {
    await countAttempt(db, now);
    throw new VaultError('attemptUnderway');
  };
  if (underway) return refuse();
  const run = async () => {
    underway = true;
    try {
      return await work();
    } finally {
      underway = false;
    }
  };
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return run();
  return locks.request('sanad-vault-attempt', { ifAvailable: true }, (lock) => (lock ? run() : refuse()));
}

/**
 * One attempt at the vault's secret. It is counted before the secret is tried, in one read-write transaction,
 * and waits `delayAfter(count)` seconds first: the wait grows with the number of attempts, not with timestamps
 * (a clock set forward changes nothing), and attempts fired in parallel, from tabs or a script, are each
 * counted, the ones arriving during another refused at once. A success resets the count.
 */
async function attempt(db: SanadDb, now: string, wrong: VaultProblem, open: (row: VaultRow) => Promise<Uint8Array<ArrayBuffer>>, options: AttemptOptions = {}): Promise<{ row: VaultRow; master: Uint8Array<ArrayBuffer> }> {
  return oneAtATime(db, now, async () => {
    const row = await countAttempt(db, now);
    if (!row) throw new VaultError('noVault');
    const wait = delayAfter(row.failures);
    if (wait > 0) {
      options.onWait?.(wait);
      await (options.sleep ?? realSleep)(wait * 1000);
    }
    try {
      const master = await open(row);
      await updateVault(db, { failures: 0, lastFailureAt: undefined });
      return { row, master };
    } catch (err) {
      if (!(err instanceof CryptoFailure)) throw err;
      const next = delayAfter(row.failures + 1);
      throw new VaultError(wrong, next > 0 ? next : undefined);
    }
  });
}

/** The working keys of a master, with those of the master a revocation under way replaces. */
async function keysWithPrevious(row: VaultRow, m: Uint8Array<ArrayBuffer>): Promise<VaultKeys> {
  const keys = await keysFromMaster(m);
  if (!row.rekey) return keys;
  // A record of the previous master that does not open (altered) must not lock anyone out: the vault opens
  // with its own keys, and the cases still under the previous ones are flagged by the resealing.
  const previous = await openBytes(keys.data, AAD_PREVIOUS, row.rekey.sealed).catch(() => null);
  return previous ? { ...keys, previous: await withMaster(previous, keysFromMaster) } : keys;
}

/** Unlocks with the passphrase; parameters weaker than today's are raised on the way (no case is rewritten). */
export async function unlockWithPassphrase(db: SanadDb, passphrase: string, now: string, options?: AttemptOptions): Promise<VaultKeys> {
  const { row, master } = await attempt(db, now, 'wrongPassphrase', (r) => openMaster(r, { passphrase }), options);
  return withMaster(master, async (m) => {
    if (row.kdf.iterations < PBKDF2_ITERATIONS) await updateVault(db, await sealForPassphrase(m, passphrase));
    return keysWithPrevious(row, m);
  });
}

/** The passphrase is forgotten: the recovery code opens the vault and a new passphrase replaces the old. */
export async function unlockWithRecoveryCode(db: SanadDb, code: string, newPassphrase: string, now: string, options?: AttemptOptions): Promise<VaultKeys> {
  const problem = checkPassphrase(newPassphrase);
  if (problem) throw new VaultError(problem);
  const { row, master } = await attempt(db, now, 'wrongRecoveryCode', (r) => openMaster(r, { recoveryCode: code }), options);
  return withMaster(master, async (m) => {
    const keys = await keysWithPrevious(row, m);
    // The new passphrase replaces the old only once the vault has opened whole.
    await updateVault(db, await sealForPassphrase(m, newPassphrase));
    return keys;
  });
}

/**
 * Reseals the master secret under a new passphrase: one small row changes, no case is rewritten. What it does
 * not do: the master secret stays, so a backup made before the change opens with the old passphrase, and the
 * master it yields opens every later backup too. `revokePassphrase` (src/storage/revoke.ts) does.
 */
export async function changePassphrase(db: SanadDb, current: string, next: string, now: string, options?: AttemptOptions): Promise<void> {
  const problem = checkPassphrase(next);
  if (problem) throw new VaultError(problem);
  const { master } = await attempt(db, now, 'wrongPassphrase', (r) => openMaster(r, { passphrase: current }), options);
  await withMaster(master, async (m) => updateVault(db, await sealForPassphrase(m, next)));
}

/** A new recovery code for the same master secret, shown once; the old code no longer opens anything here. */
export async function renewRecoveryCode(db: SanadDb, passphrase: string, now: string, options?: AttemptOptions): Promise<string> {
  const { master } = await attempt(db, now, 'wrongPassphrase', (r) => openMaster(r, { passphrase }), options);
  const recoveryCode = newRecoveryCode();
  const salt = toBase64(randomBytes(16));
  await withMaster(master, async (m) => updateVault(db, { recovery: { salt, sealed: await sealBytes(await recoveryKey(recoveryCode, salt), AAD_RECOVERY, m) } }));
  return recoveryCode;
}

/**
 * The first half of a revocation (the cases are resealed after, src/storage/revoke.ts): checks the current
 * passphrase, makes a new master secret sealed by the new passphrase and a new recovery code, and keeps the old
 * master sealed under the new one until every case is resealed. Returns both masters' keys, the new vault row
 * (written by the caller together with the settings resealed under the new keys) and the code, shown once.
 */
export async function prepareRevocation(
  db: SanadDb,
  current: string,
  next: string,
  now: string,
  options?: AttemptOptions,
): Promise<{ keys: VaultKeys; row: VaultRow; recoveryCode: string }> {
  const problem = checkPassphrase(next);
  if (problem) throw new VaultError(problem);
  const { row: before, master: old } = await attempt(db, now, 'wrongPassphrase', (r) => openMaster(r, { passphrase: current }), options);
  if (before.rekey) {
    old.fill(0);
    throw new VaultError('notReady');
  }
  const previous = await withMaster(old.slice(), keysFromMaster);
  const recoveryCode = newRecoveryCode();
  const salt = toBase64(randomBytes(16));
  return withMaster(randomBytes(32), async (master) => {
    const keys = await keysFromMaster(master);
    const row: VaultRow = {
      ...before,
      ...(await sealForPassphrase(master, next)),
      recovery: { salt, sealed: await sealBytes(await recoveryKey(recoveryCode, salt), AAD_RECOVERY, master) },
      failures: 0,
      lastFailureAt: undefined,
      rekey: { sealed: await withMaster(old, (o) => sealBytes(keys.data, AAD_PREVIOUS, o)) },
    };
    return { keys: { ...keys, previous }, row, recoveryCode };
  });
}
