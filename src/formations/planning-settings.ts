import { DEADLINE_DEFAULTS } from '../jobs/deadlines';

/**
 * The organisation's planning of a collegevorming: how long each step of the basisscan takes, in
 * working days or calendar days, and which days are no working days. Kept in the formations
 * feature until organisation settings exist (then it moves there, per organisation). The lengths
 * set by the domain brief's deadlines come from DEADLINE_DEFAULTS; the others are the planning
 * assumptions of the Handleiding basisscan integriteit ("the whole scan in two to three weeks").
 */
export interface FormationPlanningSettings {
  /** Lengths of the steps between the milestones; see PLAN_STEPS for which length is which edge. */
  consentDays: number;
  questionnaireDays: number;
  researchWorkingDays: number;
  interviewWorkingDays: number;
  draftWorkingDays: number;
  wederhoorWorkingDays: number;
  finalWorkingDays: number;
  adviceWorkingDays: number;
  summaryWorkingDays: number;
  commissieWorkingDays: number;
  voteWorkingDays: number;
  /** Justis's decision time on a VOG request, in weeks (the guide's setting). */
  vogDecisionWeeks: number;
  /** Days that are no working days besides Saturday and Sunday (public holidays), as YYYY-MM-DD. */
  holidays: readonly string[];
}

/**
 * Dutch public holidays 2026–2027 (Nieuwjaarsdag, Pasen, Koningsdag, Bevrijdingsdag in a lustrum
 * year only, Hemelvaart, Pinksteren, Kerst). Te bevestigen per organisation: some also close on
 * Goede Vrijdag or 5 May every year.
 */
export const DUTCH_HOLIDAYS_2026_2027: readonly string[] = [
  '2026-01-01', '2026-04-05', '2026-04-06', '2026-04-27', '2026-05-14', '2026-05-24', '2026-05-25', '2026-12-25', '2026-12-26',
  '2027-01-01', '2027-03-28', '2027-03-29', '2027-04-27', '2027-05-06', '2027-05-16', '2027-05-17', '2027-12-25', '2027-12-26',
];

export const DEFAULT_FORMATION_PLANNING: FormationPlanningSettings = {
  consentDays: DEADLINE_DEFAULTS.consentDays,
  questionnaireDays: DEADLINE_DEFAULTS.questionnaireDays,
  // The research runs beside the questionnaire (a week); consent to final in about three weeks.
  researchWorkingDays: 5,
  interviewWorkingDays: 2,
  draftWorkingDays: 2,
  wederhoorWorkingDays: DEADLINE_DEFAULTS.wederhoorWorkingDays,
  finalWorkingDays: 2,
  // The burgemeester's conversation with the candidate and the advice.
  adviceWorkingDays: 2,
  summaryWorkingDays: 1,
  commissieWorkingDays: 3,
  voteWorkingDays: 2,
  vogDecisionWeeks: 4,
  holidays: DUTCH_HOLIDAYS_2026_2027,
};
