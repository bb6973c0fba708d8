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
  /**
   * The events the protocol lets a team record in this step (the case machine's `noun.verb` names; a test checks
   * each exists). Whether a given record is accepted also depends on the case: the machine's rules decide that.
   */
  accepts: readonly string[];
  /** Checklist item ids: i18n keys `checklist.<id>`. */
  todo: readonly string[];
  /** What must never be done here: i18n keys `checklist.<id>`. */
  never: readonly string[];
}

/** Records a team may add or correct at any open step from intake on. */
const RECORDS = [
  'party.add',
  'party.update',
  'lead.inform',
  'evidence.add',
  'evidence.update',
  'evidence.preserve',
  'evidence.share',
  'evidence.retain',
  'evidence.dispose',
  'referral.make',
  'referral.acknowledge',
  'referral.resolve',
  'parent.notify',
  'parent.defer',
  'parent.update',
  'parent.shareOutcome',
  'prosecutor.decide',
  'support.record',
  'closure.review',
  'note.add',
] as const;
/** New facts after triage: answers, categories and the level may change in every open step. */
const RERATING = ['trigger.answer', 'category.set', 'severity.rate'] as const;
/** From these steps a case may be closed or sent back to triage with new facts. */
const LEAVING = ['case.close', 'case.reopen'] as const;

export const STEPS: readonly StepDef[] = [
  {
    id: 'detected',
    accepts: ['case.report'],
    roles: ['REPORTER', 'FIRST_RESPONDER'],
    todo: ['reassureChild', 'recordReportTime'],
    never: ['promiseSecrecy', 'blameChild'],
  },
  {
    id: 'intake',
    accepts: [...RECORDS, 'intake.submit', 'case.close'],
    roles: ['FIRST_RESPONDER', 'CASE_LEAD', 'HEAD'],
    todo: ['recordOwnWords', 'identifyParties', 'informLeadAndHead', 'notePlatforms'],
    never: ['investigateAlone', 'viewIntimateImage', 'forwardContent', 'confrontAuthor'],
  },
  {
    id: 'triage',
    accepts: [...RECORDS, ...RERATING, 'triage.complete', 'case.close'],
    roles: ['CASE_LEAD'],
    todo: ['answerTriggers', 'chooseCategories', 'screenBullying', 'rateSeverity', 'preserveEvidence'],
    never: ['askChildToSendImage', 'adviseDeletionBeforeCapture'],
  },
  {
    id: 'emergencyEscalation',
    // No reopening here: new facts are recorded in this step, and the emergency is handled first. A safety plan
    // (seating, supervised breaks, a contact person) is part of keeping the child safe now.
    accepts: [...RECORDS, ...RERATING, 'safety.confirm', 'safetyPlan.set', 'emergency.resolve', 'case.close'],
    roles: ['CASE_LEAD', 'HEAD', 'EXT_POLICE', 'EXT_PROSECUTOR', 'EXT_CHILD', 'EXT_CSAM'],
    todo: ['ensureSafetyNow', 'callAuthorityNow', 'recordEachContact', 'headProsecutorDecision', 'getAcknowledgement'],
    never: ['useMpp', 'peerMediation', 'viewIntimateImage', 'parallelInvestigation'],
  },
  {
    id: 'conflictHandling',
    accepts: [...RECORDS, ...RERATING, ...LEAVING],
    roles: ['FIRST_RESPONDER'],
    todo: ['teacherHandlesConflict', 'parentsIfNeeded', 'logConflict'],
    never: ['labelBully'],
  },
  {
    id: 'assessment',
    accepts: [...RECORDS, ...RERATING, 'safetyPlan.set', 'track.choose', 'trackA.allow', ...LEAVING],
    roles: ['CASE_LEAD', 'RESOURCE_TEAM'],
    todo: ['chooseTrack', 'assignInterviewers', 'safetyPlan', 'flagVulnerability'],
    never: ['interviewerFromSameClass', 'sanctionInMpp'],
  },
  {
    id: 'supportAndIntervention',
    accepts: [...RECORDS, ...RERATING, 'safetyPlan.set', 'track.choose', 'trackA.allow', 'interview.record', 'trackB.measure', 'followUp.start', ...LEAVING],
    roles: ['RESOURCE_TEAM', 'LISTENING_CELL', 'CASE_LEAD', 'PARENT', 'EXT_HELPLINE'],
    todo: ['supportTarget', 'notifyParents', 'startInterviews', 'requestTakedown'],
    never: ['blameInMpp', 'groupInterviews', 'adviseDeletionBeforeCapture'],
  },
  {
    id: 'followUp',
    accepts: [...RECORDS, ...RERATING, 'safetyPlan.set', 'interview.record', 'followUp.record', 'trackB.measure', 'followUp.resolve', 'followUp.fail', ...LEAVING],
    roles: ['RESOURCE_TEAM', 'CASE_LEAD'],
    todo: ['meetTargetAgain', 'meetEachPupil', 'checkTakedown'],
    never: ['closeWithoutTargetView'],
  },
  {
    id: 'escalatedTrackB',
    accepts: [...RECORDS, ...RERATING, 'safetyPlan.set', 'interview.record', 'trackB.measure', 'trackB.resolve', ...LEAVING],
    roles: ['CASE_LEAD', 'HEAD', 'PARENT'],
    todo: ['takeTestimony', 'interviewSeparately', 'meetParents', 'decideProtection', 'headDecidesSanctions'],
    never: ['confrontTargetWithAuthor'],
  },
  {
    id: 'monitoring',
    accepts: [...RECORDS, ...RERATING, 'monitoring.check', 'monitoring.endEarly', ...LEAVING],
    roles: ['RESOURCE_TEAM', 'CASE_LEAD'],
    todo: ['vigilance', 'checkAtTwentyDays'],
    never: ['closeBeforeReview'],
  },
  {
    id: 'closed',
    accepts: ['case.reopen', 'note.add'],
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
