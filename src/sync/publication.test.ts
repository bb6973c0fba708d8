import { describe, expect, it } from 'vitest';
import { forwarded } from './publication';

describe('what the reverse proxy forwards to the team CouchDB', () => {
  it('the app’s and the replicator’s requests', () => {
    const cases: [string, string][] = [
      ['GET', '/'],
      ['GET', '/team-x'],
      ['GET', '/team-x/_design/sanad'],
      ['GET', '/team-x/_local/sanad-join-ABCD'],
      ['PUT', '/team-x/_local/sanad-welcome-ABCD'],
      ['DELETE', '/team-x/_local/sanad-welcome-ABCD'],
      ['GET', '/team-x/_changes'],
      ['POST', '/team-x/_revs_diff'],
      ['POST', '/team-x/_bulk_get'],
      ['POST', '/team-x/_bulk_docs'],
      ['POST', '/team-x/_all_docs'],
      ['POST', '/team-x/_ensure_full_commit'],
      ['GET', '/team-x/e%3Aabc%3Adef'],
    ];
    for (const [method, path] of cases) {
      expect({ method, path, ok: forwarded(method, path) }).toEqual({ method, path, ok: true });
    }
  });

  it('never an attachment, an admin page, another design document, a write outside the replication endpoints', () => {
    const cases: [string, string][] = [
      ['GET', '/_utils/'],
      ['GET', '/_utils/index.html'],
      ['GET', '/_session'],
      ['GET', '/_config'],
      ['GET', '/_all_dbs'],
      ['GET', '/team-x/page/x.html'],
      ['GET', '/team-x/e%3Aabc/attachment.html'],
      ['PUT', '/team-x/page'],
      ['DELETE', '/team-x/e%3Aabc'],
      ['PUT', '/team-x/_design/sanad'],
      ['GET', '/team-x/_design/other'],
      ['GET', '/team-x/_design/sanad/_show/x'],
      ['GET', '/team-x/_security'],
      ['PUT', '/team-x'],
      ['DELETE', '/team-x'],
      ['GET', '/Team-X'],
      ['GET', '/team-x/%E0%A4%A'],
    ];
    for (const [method, path] of cases) {
      expect({ method, path, ok: forwarded(method, path) }).toEqual({ method, path, ok: false });
    }
  });
});
