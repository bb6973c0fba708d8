/** Bullying-or-conflict screening (after KiVa's screening form, with Ireland's Bí Cineálta exception for harmful content likely to be re-shared). */
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
