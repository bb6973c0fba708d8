/**
 * Where the focus goes when the page changes under the teacher (a page move, an unlock): to the new page's
 * heading, so a screen reader says where they are and the keyboard starts from there.
 */

/** The page's own heading: not the emergency block every page ends with. */
export const pageHeading = () => [...(document.querySelector('main')?.querySelectorAll<HTMLElement>('h2') ?? [])].find((h) => !h.closest('#emergency'));

/**
 * Waits (up to 2 s) for a heading other than `before` (the page left, still shown while the new one loads),
 * then focuses it, unless the page itself already put the focus somewhere in it (the calls of an emergency
 * case). Returns a function that stops waiting.
 */
export function focusNewHeading(before: { el?: HTMLElement; text?: string | null } = {}): () => void {
  let tries = 0;
  const timer = setInterval(() => {
    const main = document.querySelector('main');
    const heading = pageHeading();
    const fresh = heading && (heading !== before.el || heading.textContent !== before.text || !before.el?.isConnected);
    const done = fresh || ++tries > 40;
    if (!done) return;
    clearInterval(timer);
    if (!heading || (document.activeElement && document.activeElement !== document.body && main?.contains(document.activeElement))) return;
    focusHeading(heading);
  }, 50);
  return () => clearInterval(timer);
}

/** Focuses a heading (made focusable by script only, out of the Tab order). */
function focusHeading(heading: HTMLElement, options?: FocusOptions): void {
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.focus(options);
}

/** Brings the emergency numbers into view with the focus on their heading (the case's call panel first). */
export function focusEmergency(): void {
  const heading = document.getElementById('emergency-panel-title') ?? document.getElementById('emergency-title');
  if (!heading) return;
  heading.scrollIntoView({ block: 'start' });
  focusHeading(heading, { preventScroll: true });
}
