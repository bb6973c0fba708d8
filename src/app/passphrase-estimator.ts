import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type { ZxcvbnResult } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonWords } from '@zxcvbn-ts/language-common';
import { dictionary as englishWords } from '@zxcvbn-ts/language-en';
import { dictionary as frenchWords } from '@zxcvbn-ts/language-fr';

/**
 * zxcvbn with the common passwords, the French and English word lists and the keyboard layouts (azerty
 * included). Loaded only when a new passphrase is checked (passphrase-strength.ts imports this module
 * dynamically): the word lists weigh more than the rest of the app. No `translations`: its feedback comes back
 * as keys, worded by the app in each language.
 */
export function makeEstimator(): (passphrase: string, context: readonly string[]) => ZxcvbnResult {
  const zxcvbn = new ZxcvbnFactory({ dictionary: { ...commonWords, ...frenchWords, ...englishWords }, graphs: adjacencyGraphs });
  return (passphrase, context) => zxcvbn.check(passphrase, [...context]);
}
