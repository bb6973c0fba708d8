import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, initialFallback, initialLanguage, loadWorkspace } from './app/App';
import { FrameBoundary } from './app/FrameBoundary';
import { parseRoute } from './app/router';
import { loadShown } from './i18n/wording';
import { tidyDatabases } from './storage/active-db';
import { registerTifinaghFont } from './app/tifinagh-font';
import './app/app.css';

registerTifinaghFont();

// The page's HTML already shows the emergency numbers; they stay until the app can draw itself in its language.
const root = document.getElementById('root');
// Kept, to be shown again should the app's frame itself fail once it has replaced them.
const staticNumbers = root?.innerHTML ?? '';
const lang = initialLanguage();
// The cases' pages (and the database engine) download alongside the wording, and the first render waits for both,
// so the vault screen comes with the frame. A failed download does not hold the frame back (loaded again lazily).
const workspace = ['protocol', 'training', 'sandbox'].includes(parseRoute(location.hash).name) ? undefined : loadWorkspace().catch(() => undefined);
// What an interrupted restore left behind goes before the database is first opened (storage/active-db.ts).
const tidied = tidyDatabases().catch(() => undefined);
if (root) void Promise.all([loadShown(lang, initialFallback()), workspace, tidied]).then(([shown]) => createRoot(root).render(<StrictMode><FrameBoundary staticHtml={staticNumbers}><App initial={shown} /></FrameBoundary></StrictMode>));
