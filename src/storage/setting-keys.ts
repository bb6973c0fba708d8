/**
 * Names of settings read by pages that must stay light (the report form is in the first screen's bundle): here,
 * not in the modules that write them, so reading a name does not load the writer.
 */

/** The report form's unsent draft (src/cases/ReportPage.tsx), stamped `savedAt` at its last change (see draft-expiry.ts). */
export const REPORT_DRAFT_KEY = 'draft.report';
/** What a tab's forms held when the vault locked (src/app/lock-draft.ts), with the time it was kept (`at`). */
export const LOCK_DRAFT_KEY = 'lockDraft';
/** The retention policy the head set (src/storage/retention-store.ts). */
export const RETENTION_POLICY_KEY = 'retention:policy';
