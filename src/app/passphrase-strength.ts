import type { UiKey } from '../i18n/ui';

/**
 * Whether a new passphrase is hard enough to guess (docs/decisions/0013-passphrase-strength.md). The storage
 * layer only enforces a length floor; every form where a passphrase is chosen (vault creation, change,
 * recovery) asks this first and refuses a weak one.
 *
 * The bar: someone who copies the device's database tries one passphrase per PBKDF2 derivation (600,000
 * iterations, about 0.4 s on one core) and must still need a century. zxcvbn estimates how many guesses an
 * attacker trying likely passphrases first would need; the bar is on that number, not on zxcvbn's 0–4 score.
 */
export const SECONDS_PER_GUESS = 0.4;
export const CENTURY_SECONDS = 100 * 365.25 * 24 * 60 * 60;
/** ≈ 7.9e9 guesses. */
export const GUESSES_NEEDED = CENTURY_SECONDS / SECONDS_PER_GUESS;
/** zxcvbn's estimate is an order of magnitude: the need is rounded up to the next power of ten (1e10, 127 years). */
export const MIN_GUESSES_LOG10 = Math.ceil(Math.log10(GUESSES_NEEDED));

/** What made a passphrase easy to guess, when zxcvbn says (its warning, grouped). */
export type WeakReason = 'repeat' | 'sequence' | 'keyboard' | 'common' | 'word' | 'date' | 'context';

export type PassphraseStrength = { strong: true; guessesLog10: number } | { strong: false; guessesLog10: number; reason: WeakReason | null };

const REASON_OF_WARNING: Readonly<Record<string, WeakReason>> = {
  simpleRepeat: 'repeat',
  extendedRepeat: 'repeat',
  sequences: 'sequence',
  straightRow: 'keyboard',
  keyPattern: 'keyboard',
  topTen: 'common',
  topHundred: 'common',
  common: 'common',
  similarToCommon: 'common',
  pwned: 'common',
  wordByItself: 'word',
  namesByThemselves: 'word',
  commonNames: 'word',
  dates: 'date',
  recentYears: 'date',
  userInputs: 'context',
};

/**
 * Words an attacker of this app tries first: its name and the word for "passphrase" in each language. zxcvbn
 * has no Arabic word list, so the Arabic words for "password" are given here too.
 */
const APP_WORDS = ['sanad', 'سند', 'passphrase', 'phrase secrète', 'عبارة السر', 'كلمة السر', 'كلمة المرور'];

type Estimate = (passphrase: string, context: readonly string[]) => { guessesLog10: number; feedback: { warning: string | null } };
let estimator: Promise<Estimate> | undefined;

function loadEstimator(): Promise<Estimate> {
  if (!estimator) {
    const loading = import('./passphrase-estimator').then((m) => m.makeEstimator());
    // A failed download is tried again at the next check rather than remembered.
    loading.catch(() => {
      if (estimator === loading) estimator = undefined;
    });
    estimator = loading;
  }
  return estimator;
}

/** Starts the download as soon as a new passphrase is being typed, so that the check at submit is instant. */
export function preloadPassphraseCheck(): void {
  loadEstimator().catch(() => undefined);
}

/**
 * How hard `passphrase` is to guess. `context` holds words tied to this user that an attacker would try (the
 * school's name): each whole, and each of its words of three letters or more.
 */
export async function checkPassphraseStrength(passphrase: string, context: readonly string[] = []): Promise<PassphraseStrength> {
  const estimate = await loadEstimator();
  const words = context.flatMap((text) => [text.trim(), ...text.split(/[\s,.;:'’"«»()/-]+/u).filter((w) => [...w].length >= 3)]).filter(Boolean);
  const result = estimate(passphrase.normalize('NFC'), [...APP_WORDS, ...words]);
  if (result.guessesLog10 >= MIN_GUESSES_LOG10) return { strong: true, guessesLog10: result.guessesLog10 };
  return { strong: false, guessesLog10: result.guessesLog10, reason: REASON_OF_WARNING[result.feedback.warning ?? ''] ?? null };
}

const REASON_TEXT: Readonly<Record<WeakReason, UiKey>> = {
  repeat: 'passphrase.why.repeat',
  sequence: 'passphrase.why.sequence',
  keyboard: 'passphrase.why.keyboard',
  common: 'passphrase.why.common',
  word: 'passphrase.why.word',
  date: 'passphrase.why.date',
  context: 'passphrase.why.context',
};

/** The refusal of a weak passphrase, in the user's language: that it is refused, why when known, and how to make one. */
export function weakPassphraseText(t: (key: UiKey) => string, reason: WeakReason | null): string {
  return [t('passphrase.weak'), reason ? t(REASON_TEXT[reason]) : '', t('passphrase.how')].filter(Boolean).join(' ');
}
