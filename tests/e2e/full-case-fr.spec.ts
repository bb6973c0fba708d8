import { expect, test } from './fixtures';
import { openAction as action, openFold as fold } from './case-steps';
import type { Locator, Page } from '@playwright/test';
import { openUnlocked, unlock } from './vault-steps';

/**
 * A bullying case in French from the report to closure along track A (shared concern):
 * triage, evidence, safety plan, interviews, follow-up, monitoring, review, closure.
 */

/** Does an action by its name (a verb), then waits for its line in the chronology (`entry`) and the confirmation. */
async function recordAction(page: Page, name: string, entry: string, fill: (form: Locator) => Promise<void>) {
  const form = await action(page, name);
  await fill(form);
  // Waits for this record's own line: an earlier entry of the same kind must not satisfy the wait.
  const entries = (await fold(page, 'chronology')).getByText(entry, { exact: true });
  const before = await entries.count();
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(entries).toHaveCount(before + 1);
  await expect(page.getByRole('status').filter({ hasText: `Enregistré : ${name}` })).toBeVisible();
  // The form has closed; the action stays listed while the protocol still accepts it.
  await expect(page.locator('details.action[open]')).toHaveCount(0);
}

async function interview(page: Page, party: string, kind: string, interviewer: string, extra: Record<string, string>) {
  await recordAction(page, 'Enregistrer un entretien', 'Entretien', async (f) => {
    await f.getByText('Plus de détails').click();
    await f.getByLabel('Personne', { exact: true }).selectOption(party);
    await f.getByLabel('Type', { exact: true }).selectOption(kind);
    await f.getByLabel(/^Intervenant/).fill(interviewer);
    for (const [label, value] of Object.entries(extra)) await f.getByLabel(new RegExp(`^${label}`)).fill(value);
  });
}

test('a bullying case from report to closure along the shared-concern track, in French', { tag: '@date' }, async ({ page }) => {
  await openUnlocked(page, '/#/report');
  await page.getByLabel('اللغة').selectOption('fr');
  await page.getByLabel('Saisi par (votre nom)').fill('Mme Idrissi');
  await page.getByLabel('Comment l’avez-vous appris ?').selectOption('parent');
  await page.getByLabel('Qui a signalé ?').selectOption('parent');
  const parties = page.locator('.party');
  await parties.nth(0).getByLabel('Pseudonyme').fill('Élève S');
  await parties.nth(0).getByLabel('Nom réel (gardé dans le dossier seulement)').fill('Salma R.');
  await page.getByRole('button', { name: 'Ajouter une personne' }).click();
  await parties.nth(1).getByLabel('Pseudonyme').fill('Élève B');
  await page.getByRole('button', { name: 'Ajouter une personne' }).click();
  await parties.nth(2).getByLabel('Pseudonyme').fill('Élève C');
  await page.getByLabel('Ce qui s’est passé, avec les mots de l’enfant').fill('Elles m’ont retirée du groupe et écrivent « personne ne veut de toi » sous mes photos, chaque jour.');
  await page.getByRole('checkbox', { name: 'Instagram' }).check();
  await page.getByLabel('J’ai informé le coordonnateur du dossier et le chef d’établissement').check();
  await page.getByRole('button', { name: 'Enregistrer et passer au tri' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('Tri');

  for (const id of ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7']) await page.getByRole('group', { name: new RegExp(`^${id} ·`) }).getByLabel('Non', { exact: true }).check();
  await page.getByRole('checkbox', { name: 'Insultes, moqueries, humiliations répétées' }).check();
  await page.getByRole('checkbox', { name: 'Exclusion des groupes, mise à l’écart orchestrée' }).check();
  await page.getByLabel('Gravité (0–4)').selectOption('2');
  await page.getByLabel('Pourquoi ce niveau ?').fill('Répété depuis deux semaines par deux camarades ; aucun critère d’urgence.');
  await page.getByLabel('Les faits se répètent').check();
  await page.getByLabel('Il y a un rapport de force inégal').check();
  await page.getByRole('button', { name: 'Terminer le tri' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('Évaluation');
  await expect(page.getByTestId('current-level')).toHaveText('2 · Modéré');

  await recordAction(page, 'Ajouter une preuve', 'Preuve ajoutée', async (f) => {
    await f.getByLabel(/^Description/).fill('14 commentaires moqueurs sous la photo de la victime');
    await f.getByLabel(/^Plateforme/).selectOption('instagram');
    await f.getByText('Plus de détails').click();
    await f.getByLabel('Type', { exact: true }).selectOption('screenshot');
    await f.getByLabel(/^Lien/).fill('https://instagram.com/p/Cx12');
  });
  await recordAction(page, 'Conserver une preuve', 'Preuve préservée', async (f) => {
    await f.getByLabel('Preuve', { exact: true }).selectOption({ label: '14 commentaires moqueurs sous la photo de la victime' });
    await f.getByLabel(/^Lieu de conservation/).fill('Classeur du dossier, captures imprimées (3 pages)');
  });
  await recordAction(page, 'Établir un plan de sécurité', 'Plan de sécurité', async (f) => {
    await f.getByLabel(/^Mesures/).fill('Changement de place ; personne-ressource : la bibliothécaire.');
  });
  // A notice per family: the victim's, then each pupil named as an author.
  for (const party of ['p1', 'p2', 'p3']) {
    await recordAction(page, 'Informer les parents', 'Parents informés', async (f) => {
      await f.getByLabel(/^Personne/).selectOption(party);
      await f.getByLabel(/^Moyen/).selectOption('phone');
    });
  }
  await recordAction(page, 'Choisir la voie', 'Choix de la voie', async (f) => {
    await f.getByLabel(/^Voie/).selectOption('A');
    await f.getByLabel(/^Justification/).fill('Faits modérés entre élèves de la même classe.');
    await f.getByLabel(/^Intervenants/).fill('M. Haddad, Mme Chraibi');
  });
  await expect(page.getByTestId('current-step')).toHaveText('Soutien et intervention');
  await recordAction(page, 'Faire une saisine ou un signalement', 'Saisine ou appel', async (f) => {
    await f.getByLabel(/^Service contacté/).selectOption('platformReport');
    await f.getByText('Plus de détails').click();
    await f.getByLabel(/^Plateforme/).selectOption('instagram');
    await f.getByLabel(/^Numéro de ticket/).fill('IG-557201');
  });

  await interview(page, 'p1', 'mppTarget', 'M. Haddad', { Note: 'Nomme les deux camarades ; se sent isolée.' });
  await interview(page, 'p2', 'mppAuthor', 'Mme Chraibi', { Propositions: 'Arrêter les commentaires, réinviter Élève S.', Engagements: 'Le dire au groupe demain.' });
  await interview(page, 'p3', 'mppAuthor', 'Mme Chraibi', { Propositions: 'Déjeuner avec Élève S.', Engagements: 'Demander aux amies d’arrêter.' });
  await recordAction(page, 'Commencer le suivi', 'Début du suivi', async () => {});
  await expect(page.getByTestId('current-step')).toHaveText('Suivi');

  await recordAction(page, 'Enregistrer une rencontre de suivi', 'Rencontre de suivi', async (f) => {
    await f.getByLabel(/^Avis de la victime/).selectOption('better');
  });
  await interview(page, 'p2', 'mppFollowUp', 'Mme Chraibi', { Note: 'A tenu ses engagements.' });
  await recordAction(page, 'Clore une saisine', 'Saisine close', async (f) => {
    await f.getByLabel('Saisine', { exact: true }).selectOption({ index: 1 });
    await f.getByLabel(/^Statut/).selectOption('completed');
    await f.getByLabel(/^Résultat/).fill('Commentaires retirés par Instagram le 4 novembre.');
  });
  await recordAction(page, 'Marquer le suivi comme réussi', 'Amélioration confirmée', async () => {});
  await expect(page.getByTestId('current-step')).toHaveText('Vigilance');

  await recordAction(page, 'Enregistrer un point de vigilance', 'Contrôle de vigilance', async (f) => {
    await f.getByLabel(/^Avis de la victime/).selectOption('better');
  });
  await recordAction(page, 'Décider du sort d’une preuve', 'Sort de la preuve', async (f) => {
    await f.getByLabel('Preuve', { exact: true }).selectOption({ index: 1 });
    await f.getByLabel(/^Sort/).selectOption('keptInFile');
  });
  for (const party of ['p1', 'p2', 'p3']) {
    await recordAction(page, 'Donner l’issue aux parents', 'Résultat communiqué aux parents', async (f) => {
      await f.getByLabel(/^Personne/).selectOption(party);
    });
  }
  await recordAction(page, 'Faire le bilan avant la clôture', 'Bilan', async (f) => {
    await f.getByLabel(/^Ce qui a marché/).fill('Entretiens dès le lendemain du signalement.');
  });

  // "Resolved" waits for the end of the monitoring window (20 school days): not offered today, with its end date.
  const closure = await action(page, 'Clore le dossier');
  await expect(closure.getByLabel(/^Motif/).locator('option[value="RESOLVED"]')).toHaveCount(0);
  await expect(closure.locator('.refused-values')).toContainText(/Résolu.*La période de vigilance court jusqu’au .+\s:\sun dossier résolu se clôt après/);
  await closure.locator('summary').first().click();
  await expect(page.getByTestId('current-step')).toHaveText('Vigilance');

  // Eight weeks later the team comes back: the vault has locked itself meanwhile, the case has waited.
  const now = await page.evaluate(() => Date.now());
  await page.clock.setSystemTime(now + 56 * 86_400_000);
  await unlock(page);
  await expect(page.getByTestId('current-step')).toHaveText('Vigilance');
  await recordAction(page, 'Clore le dossier', 'Clôture', async (f) => {
    await f.getByLabel(/^Motif/).selectOption('RESOLVED');
  });
  await expect(page.getByTestId('current-step')).toHaveText('Clos');

  // The case record shows each item as it stands now.
  const record = await fold(page, 'record');
  const evidence = record.getByRole('group', { name: 'Preuves' }).getByRole('listitem');
  await expect(evidence).toContainText('14 commentaires moqueurs sous la photo de la victime');
  await expect(evidence).toContainText('Sort décidé');
  await expect(evidence).toContainText('Gardée au dossier');
  await expect(evidence).toContainText('https://instagram.com/p/Cx12');
  const referral = record.getByRole('group', { name: 'Saisines et appels' }).getByRole('listitem');
  await expect(referral).toContainText('IG-557201');
  await expect(referral).toContainText('Abouti');
  const families = record.getByRole('group', { name: 'Parents' }).locator('ul.cards > li');
  await expect(families).toHaveCount(3);
  for (const pupil of ['Élève S', 'Élève B', 'Élève C']) await expect(families.filter({ hasText: pupil })).toContainText('Résultat communiqué aux parents');
  await expect(record.getByRole('group', { name: 'Entretiens' }).getByRole('listitem')).toHaveCount(4);
  await expect(record.getByRole('group', { name: 'Entretiens' })).toContainText('Le dire au groupe demain.');

  // The chronology tells the whole case, in order, each line with its author.
  const chronology = await fold(page, 'chronology');
  await expect(chronology.getByText('Entretien', { exact: true })).toHaveCount(4);
  await expect(chronology.locator('li').first()).toContainText('Signalement');
  await expect(chronology.locator('li').last()).toContainText('Clôture');
  await expect(chronology.locator('li').last()).toContainText('Mme Idrissi');
  await expect(chronology.getByText('Clôture', { exact: true })).toHaveCount(1);
  // And the log is the one that was written: every link of its hash chain checks.
  await page.getByRole('button', { name: 'Vérifier l’intégrité de la chronologie' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Chronologie intacte\s:\s\d+ événements/ })).toBeVisible();
});
