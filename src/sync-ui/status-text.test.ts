import { describe, expect, it } from 'vitest';
import { translate } from '../i18n/ui-catalogs';
import { statusText } from './status-text';

const en = (key: Parameters<typeof translate>[1], vars?: Record<string, string>) => translate('en', key, vars);

describe('the sync status on every page', () => {
  it('says "Synced" only when nothing was refused; refused records are said there, with their number', () => {
    expect(statusText(en, { kind: 'synced', refused: 0, needsReview: 0 })).toBe('Synced');
    expect(statusText(en, { kind: 'synced', refused: 1, needsReview: 0 })).toBe('Synced, but 1 record from the server was refused: see the team settings.');
    expect(statusText(en, { kind: 'synced', refused: 3, needsReview: 0 })).toBe('Synced, but 3 records from the server were refused: see the team settings.');
  });
});
