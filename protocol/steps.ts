import type { Role } from './roles';

/** Top-level stages of a case, report to closure. These ids are the state keys of the case machine: never rename. */
export const STEP_IDS = [
  'detected',
  'intake',
  'triage',
  'emergencyEscalation',
  'conflictHandling',
  'assessment',
  'supportAndIntervention',
  'followUp',
  'escalatedTrackB',
  'monitoring',
  'closed',
] as const;
export type StepId = (typeof STEP_IDS)[number];

export interface StepDef {
  id: StepId;
  /** Who acts in this step. */
  roles: readonly Role[];
  /** Checklist item ids: i18n keys `checklist.<id>`. */
  todo: readonly string[];
  /** What must never be done here: i18n keys `checklist.<id>`. */
  never: readonly string[];
}

export const STEPS: readonly StepDef[] = [
  {
    id: 'detected',
    roles: ['REPORTER', 'FIRST_RESPONDER'],
    todo: ['reassureChild', 'recordReportTime'],
    never: ['promiseSecrecy', 'blameChild'],
  },
  {
    id: 'intake',
    roles: ['FIRST_RESPONDER', 'CASE_LEAD', 'HEAD'],
    todo: ['recordOwnWords', 'identifyParties', 'informLeadAndHead', 'notePlatforms'],
    never: ['investigateAlone', 'viewIntimateImage', 'forwardContent', 'confrontAuthor'],
  },
  {
    id: 'triage',
    roles: ['CASE_LEAD'],
    todo: ['answerTriggers', 'chooseCategories', 'screenBullying', 'rateSeverity', 'preserveEvidence'],
    never: ['askChildToSendImage', 'adviseDeletionBeforeCapture'],
  },
  {
    id: 'emergencyEscalation',
    roles: ['CASE_LEAD', 'HEAD', 'EXT_POLICE', 'EXT_PROSECUTOR', 'EXT_CHILD', 'EXT_CSAM'],
    todo: ['ensureSafetyNow', 'callAuthorityNow', 'recordEachContact', 'headProsecutorDecision', 'getAcknowledgement'],
    never: ['useMpp', 'peerMediation', 'viewIntimateImage', 'parallelInvestigation'],
  },
  {
    id: 'conflictHandling',
    roles: ['FIRST_RESPONDER'],
    todo: ['teacherHandlesConflict', 'parentsIfNeeded', 'logConflict'],
    never: ['labelBully'],
  },
  {
    id: 'assessment',
    roles: ['CASE_LEAD', 'RESOURCE_TEAM'],
    todo: ['chooseTrack', 'assignInterviewers', 'safetyPlan', 'flagVulnerability'],
    never: ['interviewerFromSameClass', 'sanctionInMpp'],
  },
  {
    id: 'supportAndIntervention',
    roles: ['RESOURCE_TEAM', 'LISTENING_CELL', 'CASE_LEAD', 'PARENT', 'EXT_HELPLINE'],
    todo: ['supportTarget', 'notifyParents', 'startInterviews', 'requestTakedown'],
    never: ['blameInMpp', 'groupInterviews', 'adviseDeletionBeforeCapture'],
  },
  {
    id: 'followUp',
    roles: ['RESOURCE_TEAM', 'CASE_LEAD'],
    todo: ['meetTargetAgain', 'meetEachPupil', 'checkTakedown'],
    never: ['closeWithoutTargetView'],
  },
  {
    id: 'escalatedTrackB',
    roles: ['CASE_LEAD', 'HEAD', 'PARENT'],
    todo: ['takeTestimony', 'interviewSeparately', 'meetParents', 'decideProtection', 'headDecidesSanctions'],
    never: ['confrontTargetWithAuthor'],
  },
  {
    id: 'monitoring',
    roles: ['RESOURCE_TEAM', 'CASE_LEAD'],
    todo: ['vigilance', 'checkAtTwentyDays'],
    never: ['closeBeforeReview'],
  },
  {
    id: 'closed',
    roles: ['CASE_LEAD', 'HEAD', 'PARENT'],
    todo: ['reviewCase', 'shareOutcome', 'disposeEvidence'],
    never: [],
  },
];

export function stepDef(id: StepId): StepDef {
  const found = STEPS.find((s) => s.id === id);
  if (!found) throw new Error(`unknown step ${id}`);
  return found;
}

export function isStepId(value: unknown): value is StepId {
  return typeof value === 'string' && (STEP_IDS as readonly string[]).includes(value);
}
