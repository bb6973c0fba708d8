import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { reportMinimalCase } from './case-steps';
import { rawDigest } from './raw-idb';
import { openUnlocked, reloadUnlocked } from './vault-steps';
import { readdirSync } from 'node:fs';

/** The built-in library: every file of protocol/scenarios/. */
const BUILT_IN = readdirSync('protocol/scenarios').filter((f) => f.endsWith('.json')).length;

/**
 * The sandbox: a scenario left at any point continues live as a training case, in a database of its own,
 * marked on every screen. Whatever happens there, and the one-click reset, leaves the school's database
 * byte for byte as it was.
 */
async function realCase(page: Page) {
  await openUnlocked(page, '/#/report');
  await reportMinimalCase(page);
  await page.locator('.lang select').selectOption('fr');
  await expect(page.getByTestId('current-step')).toHaveText('Tri');
}

test('"what if" continues a scenario live in the sandbox; reset empties it; the real database is untouched', async ({ page }) => {
  test.setTimeout(120_000);
  await realCase(page);
  const before = await rawDigest(page, 'sanad');
  expect(before.rows.cases).toBe(1);

  // Sixteen events in: triage done, the case in assessment. Leave the script here.
  await page.goto('/#/training/shared-concern-resolved');
  for (let i = 0; i < 16; i++) await page.getByRole('button', { name: 'Suivant' }).click();
  await expect(page.getByTestId('player-step')).toHaveText('Évaluation');
  await page.getByRole('button', { name: /^Et si…/ }).click();

  // The same case view as a teacher's, in the sandbox, marked as training and not asking for the vault.
  await expect(page).toHaveURL(/#\/sandbox\/[\w-]+$/);
  await expect(page.locator('.training-banner')).toHaveText(/BAC À SABLE DE FORMATION/);
  await expect(page.locator('html')).toHaveClass(/training/);
  await expect(page.locator('#vault-passphrase')).toHaveCount(0);
  await expect(page.getByTestId('current-step')).toHaveText('Évaluation');
  await expect(page.getByRole('heading', { name: 'Imprimer (PDF)' })).toHaveCount(0);
  await page.getByLabel('Saisi par (votre nom)').fill('Formateur');
  await page.getByLabel('Saisi par (votre nom)').blur();
  const choose = page.locator('details.action').filter({ has: page.locator('summary', { hasText: /^Choisir la voie$/ }) });
  await choose.locator('summary').click();
  await choose.getByLabel('Voie', { exact: true }).selectOption('B');
  await choose.getByLabel(/^Justification/).fill('Et si l’équipe choisissait la voie formelle ?');
  await choose.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('Soutien et intervention');
  await expect(page.getByRole('status').filter({ hasText: 'Enregistré : Choisir la voie' })).toBeVisible();
  await page.locator('details#chronology > summary').click();
  await expect(page.locator('details#chronology').getByText('Choix de la voie', { exact: true })).toBeVisible();
  const sandboxRows = await rawDigest(page, 'sanad-training');
  expect(sandboxRows.rows.events).toBe(17);

  // Saved as a scenario of the library, with the narration of the steps it took from the original.
  const saving = page.getByRole('region', { name: 'Enregistrer comme scénario' });
  await saving.getByLabel('Titre', { exact: true }).fill('Et si : voie B dès le départ');
  await saving.getByLabel('Résumé').fill('La même histoire, mais l’équipe choisit la voie formelle.');
  await page.getByRole('button', { name: 'Enregistrer dans la bibliothèque' }).click();
  await expect(page).toHaveURL(/#\/training\/et-si-voie-b-des-le-depart-[a-z0-9-]+$/);
  await expect(page.locator('#player-title')).toHaveText('Et si : voie B dès le départ');
  for (let i = 0; i < 17; i++) await page.getByRole('button', { name: /^(Suivant|Montrer la réponse du protocole)$/ }).click();
  await expect(page.getByTestId('player-step')).toHaveText('Soutien et intervention');
  await page.goto('/#/training');
  await expect(page.locator('.case-row', { hasText: 'Et si : voie B dès le départ' })).toContainText('enregistré depuis le bac à sable');

  // One click empties the sandbox; the trainer's scenario stays in the library.
  await page.goto('/#/sandbox');
  await expect(page.locator('.case-row')).toHaveCount(1);
  await page.getByRole('button', { name: /^Réinitialiser le bac à sable/ }).click();
  await expect(page.getByRole('status')).toHaveText('Le bac à sable est vide. Les dossiers de l’établissement n’ont pas été touchés.');
  await expect(page.locator('.case-row')).toHaveCount(0);
  const emptied = await rawDigest(page, 'sanad-training');
  expect(emptied.rows).toMatchObject({ cases: 0, events: 0, snapshots: 0, settings: 0, scenarios: 1 });

  // The school's database: every row, key and value exactly as before.
  expect(await rawDigest(page, 'sanad')).toEqual(before);
  await page.goto('/#/');
  await reloadUnlocked(page);
  await expect(page.locator('.case-row')).toHaveCount(1);
  await expect(page.locator('html')).not.toHaveClass(/training/);
});

test('a scenario exported from the player imports back under a new id; bad files get a clear message', async ({ page }, info) => {
  await page.goto('/#/training/threats-of-violence');
  await page.locator('.lang select').selectOption('fr');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Télécharger le fichier du scénario' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('threats-of-violence.json');
  const file = info.outputPath('threats.json');
  await download.saveAs(file);
  const { readFileSync, writeFileSync } = await import('node:fs');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { id: string; title: Record<string, string>; steps: { event: Record<string, unknown> }[] };
  expect(raw.steps.length).toBe(29);

  const importFile = async (name: string, text: string) => {
    const path = info.outputPath(name);
    writeFileSync(path, text);
    await page.locator('#scenario-file').setInputFiles(path);
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
  };
  await page.goto('/#/training');
  await importFile('same.json', JSON.stringify(raw));
  await expect(page.getByRole('alert')).toContainText('Un scénario intégré porte déjà cet identifiant');
  await importFile('broken.json', '{"format": "sanad-scenario/1", "id": ');
  await expect(page.getByRole('alert')).toContainText('Ce fichier n’est pas un scénario : ce n’est pas du JSON lisible. La bibliothèque n’a pas changé.');
  // Without the police's acknowledgement (step 15), leaving emergency escalation is refused: the rule is said in French.
  expect(raw.steps[14]!.event.type).toBe('referral.acknowledge');
  const skipped = { ...raw, id: 'threats-without-acknowledgement', steps: raw.steps.filter((_, i) => i !== 14) };
  await importFile('skip.json', JSON.stringify(skipped));
  await expect(page.getByRole('alert')).toContainText('Ce scénario ne respecte pas le protocole ou le format de fichier');
  await expect(page.getByRole('alert')).toContainText('L’événement 20 (« Fin de l’escalade d’urgence ») est refusé : T1 demande un accusé de réception de :');
  await expect(page.getByRole('alert')).toContainText('event 20: "emergency.resolve": refused — T1 needs an acknowledgement');
  await expect(page.locator('.case-row')).toHaveCount(BUILT_IN);

  await importFile('copy.json', JSON.stringify({ ...raw, id: 'threats-copy', title: { ...raw.title, fr: 'Menaces (copie du formateur)' } }));
  await expect(page.getByRole('status')).toContainText('Ajouté à la bibliothèque : Menaces (copie du formateur)');
  await expect(page.locator('.case-row')).toHaveCount(BUILT_IN + 1);
  await page.getByRole('status').getByRole('link', { name: 'Menaces (copie du formateur)' }).click();
  await expect(page.locator('#player-title')).toHaveText('Menaces (copie du formateur)');
  await page.goto('/#/training');
  await page.locator('.case-row', { hasText: 'Menaces (copie du formateur)' }).getByRole('button', { name: 'Retirer' }).click();
  await expect(page.locator('.case-row')).toHaveCount(BUILT_IN);

  // No vault on this device at all: the sandbox still works, and asks for none.
  await page.goto('/#/training/threats-of-violence');
  await page.getByRole('button', { name: /^Et si…/ }).click();
  // From the very start, the report alone is carried over.
  await expect(page.getByTestId('current-step')).toHaveText('Recueil des faits');
  await expect(page.locator('#vault-passphrase')).toHaveCount(0);
  const real = await rawDigest(page, 'sanad');
  expect(Object.values(real.rows).filter((n) => n > 0)).toEqual([]);
});
