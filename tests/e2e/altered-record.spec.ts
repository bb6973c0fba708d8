import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { reportMinimalCase } from './case-steps';
import { openUnlocked, reloadUnlocked } from './vault-steps';

/**
 * What a team sees when someone with the browser profile's files edits the case log behind Sanad's back
 * (docs/decisions/0014): the case page says the record was altered, by reference only, with what to do and
 * the emergency numbers, and offers no way to add to it; home lists a case deleted outside Sanad as missing.
 */

/** Runs raw IndexedDB requests on the app's database, as anyone with the profile could. */
function rawEdit(page: Page, edit: 'dropLastEvent' | 'deleteCase') {
  return page.evaluate(async (what) => {
    const db = await new Promise<IDBDatabase>((ok) => (indexedDB.open('sanad').onsuccess = (e) => ok((e.target as IDBOpenDBRequest).result)));
    const tx = db.transaction(['events', 'cases', 'snapshots'], 'readwrite');
    const done = new Promise((ok) => (tx.oncomplete = ok));
    const cases = await new Promise<{ id: string; eventCount: number }[]>((ok) => (tx.objectStore('cases').getAll().onsuccess = (e) => ok((e.target as IDBRequest).result)));
    const c = cases[0]!;
    const events = await new Promise<{ caseId: string; seq: number; chain: string }[]>(
      (ok) => (tx.objectStore('events').index('caseId').getAll(c.id).onsuccess = (e) => ok((e.target as IDBRequest).result)),
    );
    events.sort((a, b) => a.seq - b.seq);
    if (what === 'dropLastEvent') {
      const last = events.at(-1)!;
      tx.objectStore('events').delete([last.caseId, last.seq]);
      // The clear index row is made to agree with the shortened log.
      tx.objectStore('cases').put({ ...c, eventCount: c.eventCount - 1, chainHead: events.at(-2)!.chain });
    } else {
      for (const e of events) tx.objectStore('events').delete([e.caseId, e.seq]);
      tx.objectStore('cases').delete(c.id);
      tx.objectStore('snapshots').delete(c.id);
    }
    await done;
    db.close();
  }, edit);
}

test('a case whose last entries were removed outside Sanad says so, in the teacher’s language, cannot be written to, and shows what is left read-only', async ({ page }) => {
  await openUnlocked(page, '/#/report');
  await page.locator('.lang select').selectOption('fr');
  await reportMinimalCase(page);
  const url = page.url();
  await rawEdit(page, 'dropLastEvent');
  await reloadUnlocked(page);
  await page.goto(url);
  const alert = page.getByRole('alert').filter({ hasText: 'Le registre de ce dossier a été modifié hors de Sanad' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('ses dernières entrées ont été supprimées');
  await expect(alert).toContainText('Restaurez la dernière sauvegarde');
  await expect(page.locator('article.case-altered a[href^="tel:"]').first()).toBeVisible();
  // Named by its reference, never by the pseudonym it holds; nothing to record from.
  await expect(page.locator('article.case-altered #case-title')).not.toContainText('Pupil A');
  await expect(page.locator('article.case-altered [role="alert"]')).not.toContainText('Pupil A');
  await expect(page.locator('article.case-altered form, article.case-altered fieldset')).toHaveCount(0);
  // What is left is still readable, under a warning that it is not the whole record.
  const left = page.getByRole('region', { name: 'Ce que cet appareil peut encore lire de ce dossier' });
  await expect(left).toContainText('des événements peuvent manquer');
  await expect(left.locator('ol.chronology > li').first()).toBeVisible();
  // The report and the target's pseudonym survive; the narrative was the entry removed.
  await expect(left).toContainText('Pupil A');
  await expect(left).not.toContainText('Narrative');
});

test('a case deleted outside Sanad is listed as missing on the home screen', async ({ page }) => {
  await openUnlocked(page, '/#/report');
  await page.locator('.lang select').selectOption('en');
  await reportMinimalCase(page);
  await rawEdit(page, 'deleteCase');
  await page.goto('/#/');
  await expect(page.getByTestId('missing-cases')).toHaveText('1 case recorded on this device is missing: it was deleted outside Sanad. Restore the last backup.');
});
