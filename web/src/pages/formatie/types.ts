/** The formation API's answers (src/formations/formations.dto.ts), as the pages use them. */
export interface FormationSummary {
  id: string;
  name: string;
  electionDate: string;
  installationDate: string;
  caseCount: number;
  openCaseCount: number;
  version: number;
}

export interface Formation extends Omit<FormationSummary, never> {
  organisationId: string;
  coalitionParties: string[];
  formateur: { name: string; email: string } | null;
  createdAt: string;
}

export interface BoardRow {
  caseId: string;
  reference: string;
  name: string | null;
  office: string;
  officeTitle: string;
  portfolio: string | null;
  fractie: string | null;
  partyScreening: { done: boolean | null; date: string | null };
  plannedAppointmentDate: string;
  phase: string;
  phaseTitle: string;
  phaseNumber: number;
  waitingFor: string | null;
  nextDeadline: { description: string; dueAt: string; overdue: boolean } | null;
  overdue: string[];
  vog: { light: 'groen' | 'oranje' | 'rood' | 'grijs'; description: string };
  benoembaarheid: { status: 'niet_gecontroleerd' | 'open' | 'voldaan' | 'niet_voldaan'; description: string };
  advice: { given: boolean; conclusion: string | null; description: string };
  openMeasures: number | null;
  outcome: { code: string; description: string } | null;
  attention: { rank: 0 | 1 | 2 | 3; reasons: string[] };
  plan: CasePlan | null;
}

export interface PlanStep {
  step: string;
  title: string;
  latest: string;
}

export interface CasePlan {
  steps: (PlanStep & { done: boolean; doneOn: string | null; earliest: string | null; status: 'gedaan' | 'gedaan_te_laat' | 'op_schema' | 'schuift' })[];
  slipping: { step: string; title: string; latest: string; earliest: string } | null;
}

export interface Board {
  formation: { id: string; name: string; electionDate: string; installationDate: string; version: number };
  plan: PlanStep[];
  rows: BoardRow[];
}
