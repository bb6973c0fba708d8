import { readFileSync, readdirSync } from 'node:fs';
import { expect, test } from './fixtures';
import { applyCaseEvent, initialSnapshot, stepOf } from '../../machines/replay';
import { loadScenario } from '../../machines/scenario';

/**
 * Every scenario of the library, played to its end in the player, in Arabic (with the keyboard, as on a
 * projector) and in French (with the buttons): at each event the highlighted state of the statechart is the
 * machine's own state.
 */
const library = readdirSync('protocol/scenarios')
  .filter((f) => f.endsWith('.json'))
  .map((f) => loadScenario(JSON.parse(readFileSync(`protocol/scenarios/${f}`, 'utf8'))).scenario);

function expectedSteps(scenario: (typeof library)[number]): string[] {
  let s = initialSnapshot(scenario.id);
  const out = [stepOf(s)];
  scenario.steps.forEach(({ event }, i) => {
    s = applyCaseEvent(s, event, i, scenario.steps[i - 1]?.event.at);
    out.push(stepOf(s));
  });
  return out;
}

for (const lang of ['ar', 'fr'] as const) {
  test(`every scenario plays to its end in ${lang}, the statechart on the machine's state at each event`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto('/#/training');
    await page.locator('.lang select').selectOption(lang);
    // No vault is asked for: training never touches stored cases.
    await expect(page.locator('#vault-passphrase')).toHaveCount(0);
    await expect(page.locator('.training-banner')).toBeVisible();
    for (const scenario of library) {
      await page.goto(`/#/training/${scenario.id}`);
      await expect(page.locator('#player-title')).toHaveText(scenario.title[lang]);
      const steps = expectedSteps(scenario);
      const current = page.locator('.statechart [data-mark="current"]');
      await expect(current).toHaveAttribute('data-state', steps[0]!);
      const decision = page.locator('.decision');
      for (let i = 1; i < steps.length; i++) {
        const asked = scenario.steps[i - 1]?.decision;
        if (asked) {
          // The room is asked first: the choices, no verdict; the case has not moved.
          if (lang === 'ar') await page.keyboard.press('ArrowLeft');
          else await page.getByRole('button', { name: 'Suivant' }).click();
          await expect(decision.locator('h3')).toContainText(asked.question[lang]);
          await expect(decision.locator('.choice')).toHaveText(asked.choices.map((c) => c.text[lang]));
          await expect(decision.locator('.verdict')).toHaveCount(0);
          await expect(current).toHaveAttribute('data-state', steps[i - 1]!);
          // Then the protocol's answer, with why each unsafe choice is unsafe; in French the room picks first.
          const unsafe = asked.choices.findIndex((c) => !c.safe);
          if (lang === 'ar') await page.keyboard.press('ArrowLeft');
          else {
            await decision.locator('.choice').nth(unsafe).click();
            await page.getByRole('button', { name: 'Montrer la réponse du protocole' }).click();
            await expect(decision.locator('li').nth(unsafe)).toContainText('choix de la salle');
          }
          await expect(decision.locator('li[data-safe]')).toHaveCount(asked.choices.length);
          for (const [n, c] of asked.choices.entries()) {
            await expect(decision.locator('li').nth(n)).toHaveAttribute('data-safe', String(c.safe));
            await expect(decision.locator('li').nth(n)).toContainText(c.why[lang]);
          }
          await expect(decision.locator('.answer')).toContainText(asked.answer[lang]);
        }
        if (lang === 'ar') await page.keyboard.press('ArrowLeft');
        else await page.getByRole('button', { name: 'Suivant' }).click();
        await expect(page.getByTestId('player-position')).toContainText(String(i));
        await expect(current).toHaveAttribute('data-state', steps[i]!);
      }
      await expect(page.getByRole('button', { name: lang === 'ar' ? 'التالي' : 'Suivant' })).toBeDisabled();
      // And back one step.
      await page.getByRole('button', { name: lang === 'ar' ? 'السابق' : 'Précédent' }).click();
      await expect(current).toHaveAttribute('data-state', steps.at(-2)!);
    }
  });
}

test('a scenario’s handout downloads as a PDF from the player, and presentation mode hides the chrome', async ({ page }) => {
  await page.goto('/#/training/threats-of-violence');
  await page.locator('.lang select').selectOption('fr');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Support (PDF)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('sanad-handout-threats-of-violence-fr.pdf');
  const bytes = await download.createReadStream().then(async (s) => {
    const chunks: Buffer[] = [];
    for await (const c of s) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  });
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  await page.getByRole('button', { name: 'Présenter (plein écran)' }).click();
  await expect(page.locator('html')).toHaveClass(/presenting/);
  await expect(page.locator('nav.nav')).toBeHidden();
});
