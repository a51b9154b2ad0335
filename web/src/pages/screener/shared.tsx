import { Checkbox, Fieldset, FieldsetLegend, FormField, FormFieldDescription, FormFieldErrorMessage, FormLabel, Paragraph, RadioButton } from '@utrecht/component-library-react';
import { createContext, ReactNode, useContext, useState } from 'react';
import { ApiError, FieldProblem } from '../../api';
import { fieldId } from '../../components/ui';

export interface CaseView {
  id: string;
  office: string;
  phase: string;
  version: number;
  plannedAppointmentDate: string;
  candidate?: { name: string; email: string } | null;
  allowedEvents: { type: string; description: string }[];
  guide: { phase: { number: number; state: string; title: string }; now: string };
  /** Whether the file may change in this phase (from consent, alongside the questionnaire, until the final; not during wederhoor). */
  screenerFileOpen: boolean;
}

export interface Source {
  id: string;
  kind: string;
  consultedOn: string;
  query: string;
  found: string;
  isFinding: boolean;
}

export interface Measure {
  measure: string;
  who: string;
  byWhen: string;
}

export interface Risk {
  id: string;
  theme: string;
  description: string;
  likelihood: string;
  impact: string;
  level: string;
  facts: { answers: string[]; sources: string[] };
  measures: Measure[];
}

export interface Interview {
  heldOn: string;
  participants: string[];
  summaries: { theme: string; summary: string }[];
}

export interface Draft {
  conclusion: string;
  explanation: string;
}

export interface Assessment {
  sources: Source[];
  interview: Interview | null;
  risks: Risk[];
  draft: Draft | null;
}

export interface Question {
  id: string;
  type: 'yes_no' | 'text' | 'date' | 'amount' | 'list' | 'declaration';
  label: string;
  fields?: { id: string; type: string; label: string }[];
}

export interface Questionnaire {
  title: string;
  themes: { id: string; title: string; questions: Question[] }[];
  answers: Record<string, { value: unknown; explanation?: string }>;
}

/** What every part of the file needs: the case, the file, whether it may change, and how to act. */
export interface FileState {
  caseId: string;
  view: CaseView;
  file: Assessment;
  questionnaire: Questionnaire | null;
  editable: boolean;
  /** Loads the case and the file again. */
  refresh(): Promise<void>;
  /** Sends a workflow event at the case's current version; returns the new view. */
  act(type: string, payload?: Record<string, unknown>): Promise<CaseView>;
  /** Tells the page the service refused a change because the file is locked. */
  locked(error: ApiError): void;
  /** The problem of a form, shown in its error summary; one form at a time has one. */
  problemOf(form: string): ApiError | undefined;
  setProblem(form: string, error: ApiError | undefined): void;
}

export const FileContext = createContext<FileState | null>(null);

export function useFile(): FileState {
  const state = useContext(FileContext);
  if (!state) throw new Error('useFile outside FileContext');
  return state;
}

export const mayAct = (view: CaseView, type: string) => view.allowedEvents.some((e) => e.type === type);

/** Any caught value as an ApiError. */
export const asApiError = (caught: unknown): ApiError => (caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Er ging iets mis. Probeer het opnieuw.'));

/**
 * The service names fields as in its API (`query`, `measures.0.who`); the forms give their fields
 * page-unique names. This renames the field problems and, when fields are named, replaces the
 * service's message (which lists the API's field names) by a plain one.
 */
export function scopedError(error: ApiError, rename: (field: string) => string): ApiError {
  if (error.fields.length === 0) return error;
  const merged = new Map<string, FieldProblem>();
  for (const problem of error.fields) {
    const field = rename(problem.field);
    const existing = merged.get(field);
    if (existing) existing.problems.push(...problem.problems);
    else merged.set(field, { field, problems: [...problem.problems] });
  }
  return new ApiError(error.status, error.code, 'Niet alle velden zijn goed ingevuld. Verbeter de punten hieronder.', [...merged.values()]);
}

/** Client-side check of required fields, in the same shape as the service's field problems. */
export function missingFields(values: Record<string, string | undefined>): ApiError | undefined {
  const fields: FieldProblem[] = Object.entries(values)
    .filter(([, value]) => !value || !value.trim())
    .map(([field]) => ({ field, problems: [{ constraint: 'required', message: 'is niet ingevuld' }] }));
  return fields.length ? new ApiError(0, 'VALIDATION', 'Niet alle velden zijn goed ingevuld. Verbeter de punten hieronder.', fields) : undefined;
}

/** A live region that is always in the page, so screen readers announce what appears in it. */
export function StatusMessage({ message }: { message: string | undefined }) {
  return (
    <div role="status" className="screener-status">
      {message && <Paragraph className="screener-status__text">{message}</Paragraph>}
    </div>
  );
}

/** A group of radio buttons with a legend, a description and an error message. */
export function RadioGroup(props: {
  name: string;
  legend: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  description?: string;
  error?: string;
}) {
  const { name, legend, value, options, onChange, description, error } = props;
  const id = fieldId(name);
  const describedBy = [description ? `${id}-uitleg` : '', error ? `${id}-fout` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <Fieldset invalid={!!error} aria-describedby={describedBy} role="radiogroup">
      <FieldsetLegend>{legend}</FieldsetLegend>
      {description && <FormFieldDescription id={`${id}-uitleg`}>{description}</FormFieldDescription>}
      {error && <FormFieldErrorMessage id={`${id}-fout`}>{error}</FormFieldErrorMessage>}
      {options.map((option, index) => {
        const optionId = index === 0 ? id : `${id}-${option.value}`;
        return (
          <FormField type="radio" key={option.value}>
            <div className="utrecht-form-field__input">
              <RadioButton id={optionId} name={name} value={option.value} checked={value === option.value} invalid={!!error} onChange={() => onChange(option.value)} />
            </div>
            <div className="utrecht-form-field__label utrecht-form-field__label--radio">
              <FormLabel htmlFor={optionId} type="radio" checked={value === option.value}>
                {option.label}
              </FormLabel>
            </div>
          </FormField>
        );
      })}
    </Fieldset>
  );
}

/** A group of checkboxes with a legend; `values` are the checked ones. */
export function CheckboxGroup(props: {
  name: string;
  legend: string;
  options: { value: string; label: ReactNode }[];
  values: string[];
  onChange: (values: string[]) => void;
  description?: string;
  error?: string;
}) {
  const { name, legend, options, values, onChange, description, error } = props;
  const id = fieldId(name);
  const describedBy = [description ? `${id}-uitleg` : '', error ? `${id}-fout` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <Fieldset invalid={!!error} aria-describedby={describedBy}>
      <FieldsetLegend>{legend}</FieldsetLegend>
      {description && <FormFieldDescription id={`${id}-uitleg`}>{description}</FormFieldDescription>}
      {error && <FormFieldErrorMessage id={`${id}-fout`}>{error}</FormFieldErrorMessage>}
      {options.map((option, index) => {
        const optionId = index === 0 ? id : `${id}-${index}`;
        const checked = values.includes(option.value);
        return (
          <FormField type="checkbox" key={option.value}>
            <div className="utrecht-form-field__input">
              <Checkbox
                id={optionId}
                name={name}
                value={option.value}
                checked={checked}
                invalid={!!error}
                onChange={() => onChange(checked ? values.filter((v) => v !== option.value) : [...values, option.value])}
              />
            </div>
            <div className="utrecht-form-field__label utrecht-form-field__label--checkbox">
              <FormLabel htmlFor={optionId} type="checkbox" checked={checked}>
                {option.label}
              </FormLabel>
            </div>
          </FormField>
        );
      })}
    </Fieldset>
  );
}

/**
 * Runs a change of the file for one form: busy state, the form's problem (field names renamed for
 * the page), the locked file, and a status message once it worked.
 */
export function useChange(form: string, rename: (field: string) => string = (field) => `${form}.${field}`) {
  const state = useFile();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string>();
  async function run(work: () => Promise<unknown>, success: string): Promise<boolean> {
    setBusy(true);
    setStatus(undefined);
    try {
      await work();
      state.setProblem(form, undefined);
      await state.refresh();
      setStatus(success);
      return true;
    } catch (caught) {
      const error = asApiError(caught);
      if (error.code === 'ASSESSMENT_LOCKED') state.locked(error);
      state.setProblem(form, scopedError(error, rename));
      return false;
    } finally {
      setBusy(false);
    }
  }
  /** Shows a problem found before sending (missing fields). */
  function refuse(error: ApiError) {
    setStatus(undefined);
    state.setProblem(form, error);
  }
  return { busy, status, run, refuse, error: state.problemOf(form) };
}
