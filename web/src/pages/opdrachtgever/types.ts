/** The shapes the service answers with (src/cases/cases.dto.ts, src/cases/guide.ts, src/reports). */
export interface CaseSummary {
  id: string;
  reference: string;
  office: string;
  phase: string;
  phaseTitle: string;
  waitingFor: string | null;
  /** dueText: the deadline as the service writes it everywhere, "uiterlijk 10 december 2026". */
  nextDeadline: { description: string; dueAt: string; dueText: string } | null;
  /** Null for whoever may not see the VOG track. */
  vog: string | null;
  version: number;
  plannedAppointmentDate: string;
  createdAt: string;
}

export interface AllowedEvent {
  type: string;
  description: string;
}

export interface Guide {
  phase: { number: number; state: string; title: string };
  phases: { number: number; state: string; title: string; status: 'afgerond' | 'huidig' | 'volgend' | 'open' }[];
  now: string;
  waitingFor: { actor: string; description: string } | null;
  nextDeadline: { kind: string; description: string; dueAt: string; dueOn: string; dueText: string } | null;
  /** Null for whoever may not see the VOG track (the screener). */
  vog: { state: string; description: string; issueDate: string | null; validForAppointment: boolean; maxAgeMonths: number; legalReference: string } | null;
  /** Whether the law's requirements for the benoeming hold on the planned date (2.0.0 cases, for the opdrachtgever). */
  appointability: { date: string; status: 'ja' | 'nog_niet' | 'nee'; description: string; reasons: { code: string; description: string }[]; legalReferences: string[] } | null;
  warnings: { code: string; description: string }[];
  positiveAdviceBlockers: { code: string; description: string }[];
  legalReferences: string[];
}

export interface CaseView {
  /** Short reference for people, e.g. BS-2026-4F3A9C. */
  reference: string;
  id: string;
  office: string;
  organisationId: string;
  plannedAppointmentDate: string;
  machine: { id: string; version: string };
  phase: string;
  version: number;
  screenerId: string | null;
  candidate?: { name: string; email: string } | null;
  allowedEvents: AllowedEvent[];
  guide: Guide;
  /** Whether the screener's file may change in this phase, as the case's machine version says. */
  screenerFileOpen: boolean;
  furtherInvestigationScope?: string | null;
  createdAt: string;
}

export interface Task {
  caseId: string;
  reference: string;
  phase: string;
  action: string;
  description: string;
  deadline: string | null;
  deadlineText: string | null;
}

export interface ReportSummary {
  reportId: string;
  version: number;
  sha256: string;
  generatedAt: string;
  testCertificate: boolean;
  timestamped: boolean;
  verificationCode: string;
  upToDate: boolean;
  destroyed: boolean;
}

export interface TrailEntry {
  seq: number;
  type: string;
  actor: string;
  at: string;
  payload: Record<string, unknown>;
  payloadDigest: string;
  stateAfter: string;
  machineVersion: string;
}
