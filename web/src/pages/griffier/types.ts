/** The benoembaarheid API's answers (src/formations/benoembaarheid.dto.ts), as the pages use them. */
export type CheckStatus = 'voldaan' | 'open' | 'niet_voldaan';

export interface RequirementCheck {
  code: string;
  title: string;
  legalReference: string;
  source: 'griffier' | 'vog';
  status: CheckStatus;
  note: string | null;
  checkedBy: string | null;
  checkedAt: string | null;
  declared: string | null;
}

export interface Benoembaarheid {
  caseId: string;
  reference: string;
  name: string | null;
  officeTitle: string;
  plannedAppointmentDate: string;
  closed: boolean;
  vog: { state: string; description: string; issueDate: string | null; status: CheckStatus; legalReference: string };
  riskAnalysisDone: boolean;
  requirements: RequirementCheck[];
  status: CheckStatus;
}

export interface FormationBenoembaarheid {
  formation: { id: string; name: string; installationDate: string };
  candidates: Benoembaarheid[];
}
