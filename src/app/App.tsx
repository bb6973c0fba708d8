import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { FALLBACK_LANGUAGES, INTERFACE_LANGUAGES, isInterfaceLanguage } from '../../protocol/languages';
import type { FallbackLanguage, InterfaceLanguage } from '../../protocol/languages';
import { directionOf } from '../i18n/ui';
import { EmergencyNumbers } from './EmergencyNumbers';
import { LanguageSelect } from './LanguageSelect';
import { PartialLanguageNote } from './PartialLanguageNote';
import { PageBoundary } from './PageBoundary';
import { UpdatePrompt } from './UpdatePrompt';
import { useUnlocked } from './use-unlocked';
import { focusEmergency, focusNewHeading, pageHeading } from './page-focus';
import { I18nContext, makeI18n } from './i18n';
import { manifestHref } from './manifest-href';
import { href, useRoute } from './router';
import type { Route } from './router';
import type { UiKey } from '../i18n/ui';
import { loadShown } from '../i18n/wording';
import type { Shown } from '../i18n/wording';

const STORAGE_KEY = 'sanad.language';
/** The full language Darija or Tamazight falls back to, as the user chose it (docs/decisions/0020). */
const FALLBACK_KEY = 'sanad.fallbackLanguage';
const PAGE_TITLE = {
  home: 'home.title',
  report: 'report.title',
  case: 'home.title',
  protocol: 'protocol.title',
  settings: 'nav.settings',
  backup: 'nav.backup',
  stats: 'stats.title',
  training: 'nav.training',
  sandbox: 'nav.training',
} as const satisfies Record<Route['name'], UiKey>;

/** The heading on screen when the last page move began (the page being left). */
let headingLeft: { el?: HTMLElement; text?: string | null } = {};

/** The location's hash, following every change (each page move). */
function useHash(): string {
  const [hash, setHash] = useState(() => location.hash);
  useEffect(() => {
    const update = () => {
      const el = pageHeading();
      headingLeft = { el, text: el?.textContent };
      setHash(location.hash);
    };
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return hash;
}
const PHONE = '(max-width: 37.5rem)';

/** Whether the window is phone-sized, following rotation and resizing. */
function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => matchMedia(PHONE).matches);
  useEffect(() => {
    const query = matchMedia(PHONE);
    const update = () => setNarrow(query.matches);
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return narrow;
}

// Pages load on demand, to keep the first load small on school phones: the cases' pages with the database
// engine (Workspace), the others on their own.
let workspaceModule: typeof import('./Workspace') | undefined;
export const loadWorkspace = () => import('./Workspace').then((m) => (workspaceModule = m));
const LazyWorkspace = lazy(() => loadWorkspace().then((m) => ({ default: m.Workspace })));
const LazyWhileUnlocked = lazy(() => loadWorkspace().then((m) => ({ default: m.WhileUnlocked })));
const lockAllTabs = () => void import('./lock').then((m) => m.lockAllTabs());
const ProtocolPage = lazy(() => import('./ProtocolPage').then((m) => ({ default: m.ProtocolPage })));
const TrainingPage = lazy(() => import('../training/TrainingPage').then((m) => ({ default: m.TrainingPage })));
const SandboxPage = lazy(() => import('../training/SandboxPage').then((m) => ({ default: m.SandboxPage })));
// The team sync status, while unlocked: its code (and the replicator, once sync is on) loads apart from the frame.
const SyncIndicator = lazy(() => import('../sync-ui/SyncIndicator'));

/** The language the app was last used in on this device (Arabic the first time); Darija and Tamazight too. */
export function initialLanguage(): InterfaceLanguage {
  const saved = localStorage.getItem(STORAGE_KEY) ?? '';
  return isInterfaceLanguage(saved) ? saved : 'ar';
}

/** The language untranslated text shows in under Darija or Tamazight: Arabic unless the user chose French. */
export function initialFallback(): FallbackLanguage {
  const saved = localStorage.getItem(FALLBACK_KEY);
  return saved === 'fr' ? 'fr' : 'ar';
}

export function App({ initial }: { initial: Shown }) {
  const [{ lang, wording, partial }, setShown] = useState(initial);
  const [fallback, setFallbackShown] = useState(initialFallback);
  const [pseudo] = useState(() => localStorage.getItem('sanad.pseudo') === '1');
  // Another language is shown once its wording has arrived; until then the page stays in the current one.
  const setLang = useCallback((next: InterfaceLanguage) => {
    // Remembered at once: a reload while the wording downloads opens in the language chosen.
    localStorage.setItem(STORAGE_KEY, next);
    void loadShown(next, initialFallback()).then(setShown);
  }, []);
  const setFallback = useCallback(
    (next: FallbackLanguage) => {
      localStorage.setItem(FALLBACK_KEY, next);
      setFallbackShown(next);
      if (partial) void loadShown(partial.lang, next).then(setShown);
    },
    [partial],
  );
  const i18n = useMemo(() => makeI18n(lang, wording, setLang, pseudo, partial), [lang, wording, setLang, pseudo, partial]);
  const shown = i18n.shown;
  const { t } = i18n;
  const languageLabel = i18n.tl('app.language');
  const fallbackLabel = i18n.tl('lang.fallback');
  const emergencyLink = i18n.tl('nav.emergency');
  // Loaded before the first render (main.tsx): used as is, since a lazy component suspends once even when its
  // code is there, and React then holds the content back for 300 ms. Chosen once, so nothing remounts.
  const [{ Workspace, WhileUnlocked }] = useState(() => ({
    Workspace: workspaceModule?.Workspace ?? LazyWorkspace,
    WhileUnlocked: workspaceModule?.WhileUnlocked ?? LazyWhileUnlocked,
  }));
  const route = useRoute();
  const unlocked = useUnlocked();
  const training = route.name === 'training' || route.name === 'sandbox';

  // The page's language is the catalogs' (with Darija or Tamazight on, the fallback's: most of what is on
  // screen); the texts a partial catalog has carry their own lang and dir (docs/decisions/0020).
  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = directionOf(lang);
    localStorage.setItem(STORAGE_KEY, shown);
    // Installing from this page names the app in the page's language.
    document.querySelector('link[rel="manifest"]')?.setAttribute('href', manifestHref(lang));
  }, [lang, shown]);

  // The tab's title names the page (a case page names its case itself, once it is read).
  useEffect(() => {
    if (route.name === 'case') return;
    document.title = `${t(PAGE_TITLE[route.name])} · ${t('app.name')}`;
  }, [route.name, t]);

  // After a move to another page, the focus goes to its heading, so a screen reader says where the teacher is;
  // not when the page itself already put it somewhere (the calls of an emergency case).
  const hash = useHash();
  const firstPage = useRef(true);
  useEffect(() => {
    if (firstPage.current) {
      firstPage.current = false;
      return;
    }
    // The new page's heading, not the one of the page left, still shown while the new one loads.
    return focusNewHeading(headingLeft);
    // Runs on each page move: the hash is the move, not a value read here.
    // oxlint-disable-next-line react/exhaustive-effect-dependencies
  }, [hash]);

  // Training screens are tinted as a whole, so a projected sandbox case can never pass for a real one.
  useEffect(() => {
    document.documentElement.classList.toggle('training', training);
  }, [training]);

  // On a phone the header is one compact bar: the three links a teacher needs at once, the rest under "More".
  const narrow = useNarrow();
  const [moreOpen, setMoreOpen] = useState(false);
  const secondary = (
    <>
      <a href={href({ name: 'protocol' })} aria-current={route.name === 'protocol' ? 'page' : undefined}>
        {t('nav.protocol')}
      </a>
      <a href={href({ name: 'training' })} aria-current={training ? 'page' : undefined}>
        {t('nav.training')}
      </a>
      <a href={href({ name: 'stats' })} aria-current={route.name === 'stats' ? 'page' : undefined}>
        {t('nav.stats')}
      </a>
      <a href={href({ name: 'settings' })} aria-current={route.name === 'settings' ? 'page' : undefined}>
        {t('nav.settings')}
      </a>
      {unlocked && (
        <button type="button" className="secondary lock" onClick={lockAllTabs}>
          {t('vault.lock')}
        </button>
      )}
    </>
  );

  return (
    <I18nContext.Provider value={i18n}>
      <div className="shell">
        {/* A plain button, not a "#main" link: the hash holds the page's route. */}
        <button type="button" className="skip-link" onClick={() => document.querySelector<HTMLElement>('main')?.focus()}>
          {t('nav.skip')}
        </button>
        <header className="top">
          <div className="brand">
            <h1>{t('app.name')}</h1>
            <p className="tagline">{t('app.tagline')}</p>
          </div>
          <label className="lang">
            <span className="lang-label" lang={languageLabel.lang} dir={languageLabel.dir}>
              {languageLabel.text}
            </span>
            <LanguageSelect value={shown} onChange={setLang} languages={INTERFACE_LANGUAGES} />
          </label>
          {partial && (
            <label className="lang">
              <span className="lang-label" lang={fallbackLabel.lang} dir={fallbackLabel.dir}>
                {fallbackLabel.text}
              </span>
              <LanguageSelect value={fallback} onChange={setFallback} languages={FALLBACK_LANGUAGES} />
            </label>
          )}
          {unlocked && (
            <Suspense fallback={null}>
              <SyncIndicator />
            </Suspense>
          )}
          {narrow && (
            <details className="nav-more" open={moreOpen} onToggle={(e) => setMoreOpen(e.currentTarget.open)}>
              <summary>{t('nav.more')}</summary>
              <nav aria-label={t('nav.more')} onClick={() => setMoreOpen(false)}>
                {secondary}
              </nav>
            </details>
          )}
        </header>
        <nav className="nav" aria-label={t('app.name')}>
          <a href={href({ name: 'home' })} aria-current={route.name === 'home' ? 'page' : undefined}>
            {t('nav.home')}
          </a>
          <a className="primary" href={href({ name: 'report' })} aria-current={route.name === 'report' ? 'page' : undefined}>
            {t('nav.report')}
          </a>
          {/* The hash holds the route: this link moves the focus instead, to the emergency case's own call panel
              when one is on screen, else to the numbers every page ends with. */}
          <a
            className="danger"
            lang={emergencyLink.lang}
            dir={emergencyLink.dir}
            href="#emergency"
            onClick={(e) => {
              e.preventDefault();
              focusEmergency();
            }}
          >
            {emergencyLink.text}
          </a>
          {!narrow && secondary}
        </nav>
        <main tabIndex={-1}>
          <PartialLanguageNote />
          {/* Inside the main landmark, so it is read with the page; sticky only where the screen is tall enough. */}
          {training && (
            <p className="training-banner" role="note">
              {t(route.name === 'sandbox' ? 'sandbox.banner' : 'training.banner')}
            </p>
          )}
          {unlocked && (
            <Suspense fallback={null}>
              <WhileUnlocked />
            </Suspense>
          )}
          {/* A page that fails takes only itself down: the idle lock above and the numbers below stay. */}
          <PageBoundary page={href(route)}>
            <Suspense fallback={null}>
              {/* The protocol and training are public knowledge: no unlocking; the sandbox is a database of its own. */}
              {route.name === 'protocol' ? (
                <ProtocolPage />
              ) : route.name === 'training' ? (
                <TrainingPage id={route.id} />
              ) : route.name === 'sandbox' ? (
                <SandboxPage id={route.id} />
              ) : (
                <Workspace route={route} />
              )}
            </Suspense>
          </PageBoundary>
          <EmergencyNumbers />
        </main>
        <UpdatePrompt />
        <footer>
          <p>{t('offline.note')}</p>
        </footer>
      </div>
    </I18nContext.Provider>
  );
}
