/** Bumped whenever protocol data changes meaning (not for wording fixes). Printed on PDFs and scenario outputs. */
export const PROTOCOL_VERSION = 'ma-school-cyber/2026.1';
