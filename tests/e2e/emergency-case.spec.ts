import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { openUnlocked, reloadUnlocked } from './vault-steps';
import { expectRefused } from './form-problems';

/** A sextortion case from the report to the recorded call, in French, then a reload that resumes it. */

async function report(page: Page) {
  await openUnlocked(page, '/#/report');
  await page.getByLabel('اللغة').selectOption('fr');
  await page.getByLabel('Saisi par (votre nom)').fill('Mme Idrissi');
  await page.getByLabel('Comment l’avez-vous appris ?').selectOption('oral');
  await page.getByLabel('Qui a signalé ?').selectOption('target');
  await page.getByLabel('Pseudonyme').fill('Élève K');
  await page.getByLabel('Nom réel (gardé dans le dossier seulement)').fill('Karim B.');
  await page.getByLabel('Ce qui s’est passé, avec les mots de l’enfant').fill('Un compte Snapchat (@lina_2009x) menace d’envoyer ma photo à la classe si je ne paie pas 500 dirhams.');
  await page.getByRole('checkbox', { name: 'Snapchat' }).check();
  await page.getByLabel('J’ai informé le coordonnateur du dossier et le chef d’établissement').check();
}

test('sextortion: report, the first "yes" goes straight to the emergency screen, the other answers after the call', { tag: '@date' }, async ({ page }) => {
  await report(page);
  await page.getByRole('button', { name: 'Enregistrer et passer au tri' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('Tri');

  const answer = (id: string, label: string) => page.getByRole('group', { name: new RegExp(`^${id} ·`) }).getByLabel(label, { exact: true });
  await answer('T1', 'Non').check();
  // One "yes" is enough: the case escalates in the same tap, before T3–T7 are answered. A click, not check():
  // the triage form leaves the page as the answer saves, so check() may find no box to read back.
  await answer('T2', 'Oui').click();
  await expect(page.getByTestId('current-step')).toHaveText('Escalade d’urgence');
  await expect(page.getByTestId('current-level')).toHaveText('4 · Critique');
  const panel = page.locator('section.panel.emergency');
  await expect(panel.getByRole('link', { name: /19/ }).first()).toHaveAttribute('href', 'tel:19');
  const resolve = page.getByRole('button', { name: 'Autorité saisie et enfant en sécurité : passer au soutien' });
  await expect(resolve).toBeDisabled();
  // Everything that still keeps the case here is listed, each item the sentence of its rule.
  const stillNeeded = panel.getByRole('group', { name: 'Avant que le dossier quitte l’escalade d’urgence' }).getByRole('listitem');
  await expect(stillNeeded).toHaveText([
    'Répondez à chaque critère d’urgence (T1–T7) avant de quitter l’escalade d’urgence.',
    /^Confirmez que l’enfant est en sécurité/,
    /^T2 demande un accusé de réception de\s:\sPolice 19, Gendarmerie royale 177, Parquet \(Procureur du Roi\), Plateforme e-Blagh \(DGSN\)/,
  ]);

  await panel.getByLabel('Qui avez-vous contacté ?').selectOption('police19');
  await panel.getByLabel('Numéro de référence').fill('DGSN-88213');
  await panel.getByLabel('L’autorité a pris en charge le dossier').check();
  await panel.getByRole('button', { name: 'Noter l’appel' }).click();
  await expect(panel.getByText(/Police 19, le .* · DGSN-88213/)).toBeVisible();

  // The questions still open, asked below the calls. Sextortion means T4 is a yes: it needs its own
  // acknowledgement, recorded after that "yes".
  const finish = page.getByRole('region', { name: 'Terminer le tri : les autres critères d’urgence' });
  for (const id of ['T3', 'T5', 'T6', 'T7']) await finish.getByRole('group', { name: new RegExp(`^${id} ·`) }).getByLabel('Non', { exact: true }).check();
  await finish.getByRole('checkbox', { name: 'Sextorsion ou chantage' }).check();
  await expect(finish.getByText('« Sextorsion ou chantage » signifie que T4 est « oui »')).toBeVisible();
  // A click, not check(): the answer saves at once and the whole group leaves the page, so there is no box
  // left for check() to read back (that is asserted just below instead).
  await finish.getByRole('group', { name: /^T4 ·/ }).getByLabel('Oui', { exact: true }).click();
  await expect(finish).toHaveCount(0);
  const authorities = panel.locator('.authorities li');
  await expect(authorities).toHaveCount(2);
  await expect(authorities.filter({ hasText: 'T2' })).toContainText('accusé de réception reçu');
  await expect(authorities.filter({ hasText: 'T4' })).toContainText('en attente de son accusé de réception');
  await expect(stillNeeded).toHaveText([/^Confirmez que l’enfant est en sécurité/, /^T4 demande un accusé de réception de\s:\sPolice 19/]);

  // Reload in the middle of the case: the same step, nothing lost.
  await reloadUnlocked(page);
  await expect(page.getByTestId('current-step')).toHaveText('Escalade d’urgence');
  await expect(page.locator('section.panel.emergency').getByText(/DGSN-88213/)).toBeVisible();

  // The police confirm they took the extortion too: recorded on the same referral, after the T4 "yes".
  await panel.getByRole('button', { name: 'Ils ont accusé réception : le noter' }).click();
  await expect(authorities.filter({ hasText: 'T4' })).toContainText('accusé de réception reçu');
  await expect(panel.getByRole('button', { name: 'Ils ont accusé réception : le noter' })).toHaveCount(0);
  await expect(resolve).toBeDisabled();
  await expect(stillNeeded).toHaveText([/^Confirmez que l’enfant est en sécurité/]);
  await page.getByLabel('L’enfant est maintenant en sécurité : comment ?').fill('Avec l’infirmière puis son père.');
  await page.getByRole('button', { name: 'Confirmer que l’enfant est en sécurité' }).click();
  await expect(resolve).toBeEnabled();
  await expect(stillNeeded).toHaveCount(0);
  await resolve.click();
  await expect(page.getByTestId('current-step')).toHaveText('Soutien et intervention');
  // Extortion keeps the case on the formal track: the page says so.
  await expect(page.getByText('Voie B uniquement : la préoccupation partagée est exclue ici.')).toBeVisible();

  await page.locator('details#chronology > summary').click();
  const chronology = page.locator('details#chronology');
  await expect(chronology.getByText('Réponse à un critère d’urgence')).toHaveCount(7);
  const call = chronology.locator('li').filter({ hasText: 'DGSN-88213' }).first();
  await expect(call).toContainText('Police 19');

  // The home screen lists it under its stage, with no name or narrative.
  await page.getByRole('link', { name: 'Dossiers', exact: true }).click();
  const stage = page.getByRole('region', { name: 'Soutien et intervention' });
  await expect(stage.getByText('Niveau 4')).toBeVisible();
  await expect(page.getByText('Karim')).toHaveCount(0);
});

test('a report draft survives a reload and an incomplete report says what is missing', async ({ page }) => {
  await report(page);
  await reloadUnlocked(page);
  await expect(page.getByLabel('Pseudonyme')).toHaveValue('Élève K');
  await page.getByLabel('Ce qui s’est passé, avec les mots de l’enfant').fill('');
  await page.getByRole('button', { name: 'Enregistrer et passer au tri' }).click();
  await expectRefused(page, 'Décrivez ce qui s’est passé.');
  await expect(page.getByLabel('Ce qui s’est passé, avec les mots de l’enfant')).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/#\/report$/);
});

test('an unsent report draft is kept 29 days after its last change and deleted at the first unlock after 30 (the retention settings’ default)', async ({ page }) => {
  await report(page);
  const pseudonym = page.getByLabel('Pseudonyme');
  await expect(pseudonym).toHaveValue('Élève K');
  const savedAt = await page.evaluate(() => Date.now());
  await page.clock.setSystemTime(savedAt + 29 * 86_400_000);
  await reloadUnlocked(page);
  await expect(pseudonym).toHaveValue('Élève K');
  await page.clock.setSystemTime(savedAt + 30 * 86_400_000 + 60_000);
  await reloadUnlocked(page);
  await expect(pseudonym).toHaveValue('');
  await expect(page.getByLabel('Ce qui s’est passé, avec les mots de l’enfant')).toHaveValue('');
});
