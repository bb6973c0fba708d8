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

/**
 * The vault: one row holding the KDF parameters and the master secret sealed twice (passphrase,
 * recovery code). Nothing in it unlocks anything without the passphrase or the code.
 */
export interface VaultRow {
  id: 'vault';
  format: number;
  createdAt: string;
  kdf: KdfParams;
  byPassphrase: Sealed;
  recovery: { salt: string; sealed: Sealed };
  /** Wrong attempts since the last success, for the growing delay. */
  failures: number;
  lastFailureAt?: string;
  /** Rows written before the vault existed have all been sealed. */
  legacySealed: boolean;
}

export type VaultProblem = 'tooShort' | 'tooLong' | 'wrongPassphrase' | 'wrongRecoveryCode' | 'tooSoon' | 'exists' | 'noVault';

export class VaultError extends Error {
  constructor(
    readonly problem: VaultProblem,
    readonly retryAt?: string,
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

export function checkPassphrase(passphrase: string): VaultProblem | null {
  const length = [...passphrase.normalize('NFC')].length;
  if (length < PASSPHRASE_MIN) return 'tooShort';
  if (length > PASSPHRASE_MAX) return 'tooLong';
  return null;
}

/** Seconds to wait after `failures` wrong attempts: none for the first five, then 2, 4, 8… up to 5 minutes. */
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
    await db.transaction('rw', db.vault, async () => {
      if (await db.vault.get('vault')) throw new VaultError('exists');
      await db.vault.add(row);
    });
    return { keys, recoveryCode };
  });
}

async function attempt(db: SanadDb, now: string, wrong: VaultProblem, open: (row: VaultRow) => Promise<Uint8Array<ArrayBuffer>>): Promise<{ row: VaultRow; master: Uint8Array<ArrayBuffer> }> {
  const row = await readVault(db);
  if (!row) throw new VaultError('noVault');
  if (row.lastFailureAt) {
    const retryAt = Date.parse(row.lastFailureAt) + delayAfter(row.failures) * 1000;
    if (Date.parse(now) < retryAt) throw new VaultError('tooSoon', new Date(retryAt).toISOString());
  }
  try {
    const master = await open(row);
    if (row.failures > 0) await db.vault.update('vault', { failures: 0, lastFailureAt: undefined });
    return { row, master };
  } catch (err) {
    if (!(err instanceof CryptoFailure)) throw err;
    const failures = row.failures + 1;
    await db.vault.update('vault', { failures, lastFailureAt: now });
    const wait = delayAfter(failures);
    throw new VaultError(wrong, wait > 0 ? new Date(Date.parse(now) + wait * 1000).toISOString() : undefined);
  }
}

/** Unlocks with the passphrase; parameters weaker than today's are raised on the way (no case is rewritten). */
export async function unlockWithPassphrase(db: SanadDb, passphrase: string, now: string): Promise<VaultKeys> {
  const { row, master } = await attempt(db, now, 'wrongPassphrase', (r) => openMaster(r, { passphrase }));
  return withMaster(master, async (m) => {
    if (row.kdf.iterations < PBKDF2_ITERATIONS) await db.vault.update('vault', await sealForPassphrase(m, passphrase));
    return keysFromMaster(m);
  });
}

/** The passphrase is forgotten: the recovery code opens the vault and a new passphrase replaces the old. */
export async function unlockWithRecoveryCode(db: SanadDb, code: string, newPassphrase: string, now: string): Promise<VaultKeys> {
  const problem = checkPassphrase(newPassphrase);
  if (problem) throw new VaultError(problem);
  const { master } = await attempt(db, now, 'wrongRecoveryCode', (r) => openMaster(r, { recoveryCode: code }));
  return withMaster(master, async (m) => {
    await db.vault.update('vault', await sealForPassphrase(m, newPassphrase));
    return keysFromMaster(m);
  });
}

/** Reseals the master secret under a new passphrase: one small row changes, no case is rewritten. */
export async function changePassphrase(db: SanadDb, current: string, next: string, now: string): Promise<void> {
  const problem = checkPassphrase(next);
  if (problem) throw new VaultError(problem);
  const { master } = await attempt(db, now, 'wrongPassphrase', (r) => openMaster(r, { passphrase: current }));
  await withMaster(master, async (m) => db.vault.update('vault', await sealForPassphrase(m, next)));
}
