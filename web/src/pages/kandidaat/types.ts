/** The shapes the candidate's pages read from the service (see README, API overview). */

export interface CaseView {
  id: string;
  office: string;
  phase: string;
  version: number;
  plannedAppointmentDate: string;
  allowedEvents: { type: string; description: string }[];
  /** What the opdrachtgever wants investigated further, while the candidate is asked to consent to it. */
  furtherInvestigationScope?: string | null;
  guide: {
    phase: { number: number; state: string; title: string };
    phases: { number: number; state: string; title: string; status: 'afgerond' | 'huidig' | 'volgend' | 'open' }[];
    now: string;
    waitingFor: { actor: string; description: string } | null;
    nextDeadline: { kind: string; description: string; dueAt: string; dueOn: string; dueText: string } | null;
  };
}

export interface ConsentView {
  version: string;
  title: string;
  sections: { heading: string; text: string }[];
  given: { textVersion: string; at: string } | null;
}

export type QuestionType = 'yes_no' | 'text' | 'date' | 'amount' | 'list' | 'declaration';

export interface FieldDefinition {
  id: string;
  type: 'yes_no' | 'text' | 'date' | 'amount';
  label: string;
  required: boolean;
}

export interface Question {
  id: string;
  type: QuestionType;
  label: string;
  help: string;
  required?: boolean;
  explanationOnYes?: boolean;
  requiredIf?: string;
  fields?: FieldDefinition[];
  /** Who sees the answer, in words (questionnaire v2). */
  seenBy?: string;
  /** A question of the organisation's own: how it is marked, e.g. "Vraag van de gemeente zelf". */
  ownQuestion?: string;
}

export interface Theme {
  id: string;
  title: string;
  questions: Question[];
}

export interface Answer {
  value: unknown;
  explanation?: string;
}

export type MissingReason = 'onbeantwoord' | 'toelichting_ontbreekt' | 'lijst_leeg' | 'lijstregel_onvolledig' | 'verklaring_niet_gegeven';

export interface MissingAnswer {
  questionId: string;
  reason: MissingReason;
}

export interface QuestionnaireView {
  version: string;
  title: string;
  intro: string;
  themes: Theme[];
  answers: Record<string, Answer>;
  missing: MissingAnswer[];
  open: boolean;
}

export interface SafetyIntakeView {
  version: string;
  title: string;
  intro: string;
  themes: Theme[];
  optedIn: boolean;
  answers: Record<string, Answer>;
  open: boolean;
}

export interface WederhoorView {
  findings: { id: string; kind: string; consultedOn: string; found: string }[];
  risks: {
    id: string;
    theme: string;
    description: string;
    likelihood: string;
    impact: string;
    level: 'laag' | 'midden' | 'hoog';
    measures: { measure: string; who: string; byWhen: string }[];
  }[];
  draftConclusion: string | null;
  draftExplanation: string | null;
  response: string | null;
  open: boolean;
}
