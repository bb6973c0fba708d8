/**
 * What a tab's forms hold when the vault locks: read from the page (every field with an id inside a part
 * marked `data-keep-on-lock`: the case page's forms, triage, the emergency panel; the report form keeps its own
 * sealed draft), with the folded sections that were open; sealed into the vault as a setting, and put back
 * after unlocking if the teacher wants it. Passphrases and file pickers are never kept.
 */
export { LOCK_DRAFT_KEY } from '../storage/setting-keys';

export interface LockDraft {
  route: string;
  at: string;
  open: string[];
  fields: { id: string; value: string; checked?: boolean }[];
}

export function captureForms(): LockDraft | null {
  const fields: LockDraft['fields'] = [];
  for (const el of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('[data-keep-on-lock] :is(input[id], textarea[id], select[id])')) {
    if (el instanceof HTMLInputElement && (el.type === 'password' || el.type === 'file' || el.type === 'hidden')) continue;
    if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
      if (el.checked) fields.push({ id: el.id, value: el.value, checked: true });
    } else if (el.value !== '') fields.push({ id: el.id, value: el.value });
  }
  // Worth keeping only if something was typed (a choice alone is quick to make again).
  if (!fields.some((f) => f.checked === undefined && !(document.getElementById(f.id) instanceof HTMLSelectElement))) return null;
  const open = [...document.querySelectorAll('main details[open]')].flatMap((d) => {
    const summary = d.querySelector(':scope > summary');
    return d.id ? [`#${d.id}`] : summary?.textContent ? [`summary:${summary.textContent}`] : [];
  });
  return { route: location.hash, at: new Date().toISOString(), open, fields };
}

/** Sets a field as typing would, so that React's state follows (its own setter, then an input event). */
function fill(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string, checked?: boolean) {
  const proto = Object.getPrototypeOf(el) as object;
  if (checked !== undefined && el instanceof HTMLInputElement) {
    if (el.checked !== checked) el.click();
    return;
  }
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

const frame = () => new Promise((r) => setTimeout(r, 50));

/** Opens the sections that were open, then fills the fields found (a field no longer on the page is skipped). */
export async function restoreForms(draft: LockDraft): Promise<number> {
  for (const key of draft.open) {
    const d = key.startsWith('#')
      ? document.getElementById(key.slice(1))
      : [...document.querySelectorAll<HTMLDetailsElement>('main details')].find((x) => x.querySelector(':scope > summary')?.textContent === key.slice('summary:'.length));
    if (d instanceof HTMLDetailsElement && !d.open) d.open = true;
  }
  let filled = 0;
  // Forms inside just-opened sections render on the next frames.
  for (let round = 0; round < 10 && filled < draft.fields.length; round++) {
    await frame();
    filled = 0;
    for (const f of draft.fields) {
      const el = document.getElementById(f.id) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null;
      // A "yes" to a hard trigger was recorded when it was tapped; putting text back never records one.
      if (!el || el.disabled || (f.checked !== undefined && f.value === 'yes')) {
        if (el) filled++;
        continue;
      }
      if ((f.checked !== undefined && el instanceof HTMLInputElement && el.checked === f.checked) || (f.checked === undefined && el.value === f.value)) {
        filled++;
        continue;
      }
      fill(el, f.value, f.checked);
      filled++;
    }
  }
  return filled;
}
