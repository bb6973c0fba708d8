/** Bullying-or-conflict screening (PROTOCOL A.2 row 5, KiVa screening, Bí Cineálta exception). */
export interface ScreeningAnswers {
  repeated: boolean;
  powerImbalance: boolean;
  harmful: boolean;
  /** Harmful online content likely to be re-shared counts as bullying even if posted once. */
  likelyReshared: boolean;
}

export type ScreeningResult = 'bullying' | 'conflict';

export function screen(a: ScreeningAnswers): ScreeningResult {
  if (a.harmful && a.likelyReshared) return 'bullying';
  return a.repeated && a.powerImbalance ? 'bullying' : 'conflict';
}
