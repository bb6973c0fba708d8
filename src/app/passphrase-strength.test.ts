import { LANGUAGES } from '../../protocol/text';
import { translate } from '../i18n/ui-catalogs';
import { checkPassphrase } from '../storage/vault';
import { CENTURY_SECONDS, GUESSES_NEEDED, MIN_GUESSES_LOG10, SECONDS_PER_GUESS, checkPassphraseStrength, weakPassphraseText } from './passphrase-strength';

// No year in these examples: zxcvbn scores a year by its distance from the current one.
const WEAK: [string, string | null][] = [
  ['aaaaaaaaaaaa', 'repeat'],
  ['motdepasse123', null],
  ['password1234', 'common'],
  ['azertyuiop12', 'keyboard'],
  ['qwertyuiop123', 'common'],
  ['soleil soleil soleil', 'repeat'],
  ['bonjour123456', null],
];
const STRONG = ['girafe cuillère nuage boussole', 'lantern pebble orchard violin', 'our resource team is careful', 'tajine vélo lanterne parapluie orage'];

describe('passphrase strength', () => {
  it('asks for a century of guessing at one PBKDF2 derivation per 0.4 s: 1e10 guesses', () => {
    expect(SECONDS_PER_GUESS).toBe(0.4);
    expect(CENTURY_SECONDS).toBeCloseTo(3.156e9, -7);
    expect(GUESSES_NEEDED).toBeCloseTo(7.89e9, -8);
    expect(MIN_GUESSES_LOG10).toBe(10);
    expect((10 ** MIN_GUESSES_LOG10 * SECONDS_PER_GUESS) / CENTURY_SECONDS).toBeGreaterThan(1);
  });

  it.each(WEAK)('refuses "%s", which the length rule alone lets through, saying why when zxcvbn knows (%s)', async (weak, reason) => {
    expect(checkPassphrase(weak)).toBeNull();
    const result = await checkPassphraseStrength(weak);
    expect(result).toMatchObject({ strong: false, reason });
    expect(result.guessesLog10).toBeLessThan(MIN_GUESSES_LOG10);
  });

  it.each(STRONG)('accepts unrelated words, in French or English: "%s"', async (strong) => {
    expect(await checkPassphraseStrength(strong)).toMatchObject({ strong: true });
  });

  it('handles Arabic: unrelated words pass; repeats, runs and the words for "passphrase" do not', async () => {
    expect(await checkPassphraseStrength('قمر دفتر زيتون نافذة')).toMatchObject({ strong: true });
    expect(await checkPassphraseStrength('شمس قلم برتقال جسر')).toMatchObject({ strong: true });
    expect(await checkPassphraseStrength('ببببببببببببب')).toMatchObject({ strong: false, reason: 'repeat' });
    expect(await checkPassphraseStrength('ابتثجحخدذرزس')).toMatchObject({ strong: false, reason: 'sequence' });
    expect(await checkPassphraseStrength('١٢٣٤٥٦٧٨٩٠١٢')).toMatchObject({ strong: false, reason: 'sequence' });
    expect(await checkPassphraseStrength('كلمة السر123456')).toMatchObject({ strong: false, reason: 'context' });
    expect(await checkPassphraseStrength('عبارة السر عبارة السر')).toMatchObject({ strong: false });
  });

  it('counts the school’s name, whole or in words, as guessed first', async () => {
    const school = 'Collège Al Amal, Salé';
    expect(await checkPassphraseStrength(school)).toMatchObject({ strong: true });
    expect(await checkPassphraseStrength(school, [school])).toMatchObject({ strong: false, reason: 'context' });
    expect(await checkPassphraseStrength('sanad sanad sanad')).toMatchObject({ strong: false });
  });

  it('explains a refusal in each language: refused, why, and how to make a strong one', () => {
    for (const lang of LANGUAGES) {
      const t = (key: Parameters<typeof translate>[1]) => translate(lang, key);
      expect(weakPassphraseText(t, 'repeat')).toBe(`${t('passphrase.weak')} ${t('passphrase.why.repeat')} ${t('passphrase.how')}`);
      expect(weakPassphraseText(t, null)).toBe(`${t('passphrase.weak')} ${t('passphrase.how')}`);
    }
    expect(weakPassphraseText((k) => translate('ar', k), 'keyboard')).toContain('أربع كلمات أو خمسا');
    // French typography: a non-breaking space before the colon, as in the other French strings.
    expect(translate('fr', 'passphrase.weak')).toContain('deviner\u00a0:');
  });
});
