import type { Conclusion } from '../../workflows/basisscan-2.machine';
import type { Impact, Likelihood, RiskLevel } from '../../workflows/risk';
import type { Variant } from '../../workflows/variants';

/**
 * Everything one report shows, resolved from the case before rendering. The renderer turns codes
 * into Dutch through templates/report/; it reads nothing else. Dates are ISO strings.
 */
export interface ReportContent {
  /** Version of templates/report/v<N>.nl.json the report is rendered with. */
  templateVersion: string;
  organisation: { name: string };
  /** Office, opdrachtgever title, appointing body and legal references of the organisation's kind. */
  variant: Variant;
  case: {
    id: string;
    /** Short reference shown to people, e.g. "BS-2026-4F3A9C". */
    reference: string;
    commissionedAt: string;
    plannedAppointmentDate: string;
    /** Current phase of the scan region, a state name of the machine. */
    phase: string;
    machine: { id: string; version: string };
    questionnaireVersion: string;
    consent: { textVersion: string; at: string } | null;
  };
  candidate: { name: string };
  commissionedBy: { name: string };
  screener: { name: string } | null;
  questionnaire: {
    title: string;
    submittedAt: string | null;
    themes: {
      id: string;
      title: string;
      /** Answers already formatted for reading: "Ja", "Nee", dates written out, list entries as lines. From v2 only those a risk rests on. */
      items: { question: string; answer: string; explanation: string | null }[];
    }[];
  };
  sources: { kind: string; consultedOn: string; query: string; found: string; isFinding: boolean }[];
  interview: { heldOn: string; participants: string[]; summaries: { theme: string; summary: string }[] } | null;
  risks: {
    theme: string;
    description: string;
    likelihood: Likelihood;
    impact: Impact;
    level: RiskLevel;
    measures: { measure: string; who: string; byWhen: string }[];
    /** v2: what the risk rests on, as the reader knows it: the questions answered and the sources consulted. */
    facts?: { answers: string[]; sources: { kind: string; consultedOn: string }[] };
  }[];
  wederhoor: { how: 'gereageerd' | 'afgezien' | 'termijn_verstreken'; at: string; response: string | null } | null;
  /** The screener's final conclusion, or the draft when the final is not yet there. */
  screenerConclusion: { conclusion: Conclusion; explanation: string; final: boolean } | null;
  advice: { conclusion: Conclusion; at: string; deviatesFromScreener: boolean } | null;
  vog: {
    requestedDate: string | null;
    intendedRefusalDate: string | null;
    zienswijzeDate: string | null;
    issueDate: string | null;
    refusedDate: string | null;
    maxAgeMonths: number;
    /** Whether the VOG is valid on the planned appointment date; null when none was issued or refused. */
    validForAppointment: boolean | null;
  };
  /** The process trail: who did what when, without personal content. v2: the actor as role and name. */
  trail: { sequence: number; at: string; actor: string; event: string }[];
  /** v2: how the case ended and when the raad was informed. */
  outcome?: { outcome: string; date: string } | null;
  councilInformedDate?: string | null;
  /** v2: the day the findings were fixed (the final assessment), null while the report is a draft. */
  peildatum?: string | null;
  /** v2: the web page where a reader checks the report. */
  verifyUrl?: string;
}

/** Binds the rendered content to its report record, the audit chain and the signer. Contains no personal data. */
export interface ReportBinding {
  reportId: string;
  version: number;
  caseId: string;
  generatedAt: string;
  /** SHA-256 (hex) of the canonical JSON of the ReportContent. */
  contentSha256: string;
  auditHead: { sequence: number; hash: string } | null;
  machine: { id: string; version: string };
  questionnaireVersion: string;
  consentTextVersion: string | null;
  templateVersion: string;
  /** Short code an auditor can type in, e.g. "K7QM-2XHD-91PA". */
  verificationCode: string;
  signer: { name: string; role: string; testCertificate: boolean };
  reason: string;
}
