/**
 * The team server of the end-to-end tests (playwright.config.ts starts it, after the app's build): a real
 * CouchDB-protocol server (express-pouchdb in memory, tests/sync/couch-server.ts) published under the built app's
 * own origin at /couchdb/, as the reverse proxy of docs/decisions/0018-team-sync.md does in production (the app's
 * Content-Security-Policy lets it connect to its own origin only), with that proxy's rules (src/sync/publication.ts:
 * only the app's JSON requests are forwarded, every response marked sandboxed and not to be rendered). The app is
 * served from dist/ by `vite preview`, with the same security headers as the main test server.
 *
 * Databases: `team-e2e` with the rules installed as `npm run sync:setup` does, and `no-rules` without them.
 */
import { preview } from 'vite';
import { PUBLICATION_HEADERS, forwarded } from '../../src/sync/publication';
import { installRules } from '../../src/sync/server-rules';
import { startCouch } from '../sync/couch-server';

/** Also in playwright.config.ts and tests/e2e/team-sync.spec.ts. */
const SYNC_APP_PORT = 4183;
const SYNC_APP = `http://127.0.0.1:${SYNC_APP_PORT}`;
const COUCH_PATH = '/couchdb';

async function main() {
  const couch = await startCouch();
  await installRules(`${couch.url}/team-e2e`, { members: [] });
  const made = await fetch(`${couch.url}/no-rules`, { method: 'PUT' });
  if (made.status !== 201) throw new Error(`creating no-rules: ${made.status}`);
  const server = await preview({
    configFile: 'vite.config.ts',
    logLevel: 'error',
    preview: {
      host: '127.0.0.1',
      port: SYNC_APP_PORT,
      strictPort: true,
      proxy: {
        [COUCH_PATH]: {
          target: couch.url,
          rewrite: (path) => path.slice(COUCH_PATH.length) || '/',
          // Anything but the app's and the replicator's requests: 404, never reaching CouchDB.
          bypass: (req) => (forwarded(req.method ?? 'GET', (req.url ?? '').split('?')[0]!.slice(COUCH_PATH.length)) ? undefined : false),
          configure: (proxy) => {
            proxy.on('proxyRes', (res) => {
              for (const [name, value] of Object.entries(PUBLICATION_HEADERS)) res.headers[name] = value;
            });
          },
        },
      },
    },
  });
  console.log(`team sync test server: ${SYNC_APP} (CouchDB at ${COUCH_PATH}/)`);
  const stop = () => {
    void (async () => {
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
      await couch.stop();
      process.exit(0);
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1]?.endsWith('sync-server.ts')) {
  main().catch((err: unknown) => {
    console.error(`team sync test server: ${(err as Error).message}`);
    process.exit(1);
  });
}
