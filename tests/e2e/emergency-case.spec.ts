import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { openUnlocked, reloadUnlocked } from './vault-steps';

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
  await page.getByLabel('J’ai informé le coordinateur et le chef d’établissement').check();
}

test('sextortion: report, triage with T2 and T4, straight to the emergency screen, the call recorded', { tag: '@date' }, async ({ page }) => {
  await report(page);
  await page.getByRole('button', { name: 'Enregistrer et passer au tri' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('Tri');

  const answer = (id: string, label: string) => page.getByRole('group', { name: new RegExp(`^${id} ·`) }).getByLabel(label, { exact: true });
  for (const id of ['T1', 'T3', 'T5', 'T6', 'T7']) await answer(id, 'Non').check();
  await answer('T2', 'Oui').check();
  await answer('T4', 'Oui').check();
  await page.getByRole('checkbox', { name: 'Sextorsion ou chantage' }).check();
  await page.getByRole('button', { name: 'Terminer le tri' }).click();

  await expect(page.getByTestId('current-step')).toHaveText('Escalade d\'urgence');
  await expect(page.getByTestId('current-level')).toHaveText('4 · Critique');
  const panel = page.locator('section.panel.emergency');
  await expect(panel.getByRole('link', { name: /19/ }).first()).toHaveAttribute('href', 'tel:19');

  await panel.getByLabel('Qui avez-vous contacté ?').selectOption('police19');
  await panel.getByLabel('Numéro de référence').fill('DGSN-88213');
  await panel.getByLabel('L’autorité a pris en charge le dossier').check();
  await panel.getByRole('button', { name: 'Noter l’appel' }).click();
  await expect(panel.getByText(/Police 19 à .* · DGSN-88213/)).toBeVisible();

  // Reload in the middle of the case: the same step, nothing lost.
  await reloadUnlocked(page);
  await expect(page.getByTestId('current-step')).toHaveText('Escalade d\'urgence');
  await expect(page.locator('section.panel.emergency').getByText(/DGSN-88213/)).toBeVisible();

  const resolve = page.getByRole('button', { name: 'Autorité saisie et enfant en sécurité : passer au soutien' });
  await expect(resolve).toBeDisabled();
  await page.getByLabel('L’enfant est en sécurité : comment ?').fill('Avec l’infirmière puis son père.');
  await page.getByRole('button', { name: 'Confirmer que l’enfant est en sécurité' }).click();
  await expect(resolve).toBeEnabled();
  await resolve.click();
  await expect(page.getByTestId('current-step')).toHaveText('Soutien et intervention');
  // The police acknowledged the case: the protocol now lets the team choose its track.
  await expect(page.getByText('Choisissez la piste A ou B.')).toBeVisible();

  const chronology = page.getByRole('region', { name: 'Chronologie' });
  await expect(chronology.getByText('Réponse à un critère d\'urgence')).toHaveCount(7);
  await expect(chronology.getByText('Police 19 · DGSN-88213')).toBeVisible();

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
  await expect(page.getByRole('alert')).toContainText('Décrivez ce qui s’est passé.');
  await expect(page).toHaveURL(/#\/report$/);
});
