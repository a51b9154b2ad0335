import {
  Alert,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Heading,
  Paragraph,
  Textarea,
  Textbox,
} from '@utrecht/component-library-react';
import { DependencyList, ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import { ApiError, FieldProblem } from '../api';

/** The page's one h1; it also names the browser tab, as WCAG 2.4.2 asks. */
export function PageTitle({ children, title }: { children: ReactNode; title: string }) {
  useEffect(() => {
    document.title = `${title} – Basisscan integriteit`;
  }, [title]);
  return <Heading level={1}>{children}</Heading>;
}

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => Promise<void>;
}

/** Loads once per change of `deps`; `reload` after an action. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  // Only the latest request may set the result: an older answer arriving late is dropped.
  const latest = useRef(0);
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    const request = ++latest.current;
    setLoading(true);
    try {
      const result = await run();
      if (request !== latest.current) return;
      setData(result);
      setError(undefined);
    } catch (caught) {
      if (request !== latest.current) return;
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Er ging iets mis.'));
    } finally {
      if (request === latest.current) setLoading(false);
    }
  }, [run]);
  useEffect(() => {
    // Other input, other data: never show the previous answer under the new choice.
    setData(undefined);
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}

/** Loading, an error, or the content. */
export function Loadable<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  if (loaded.error) return <ErrorAlert error={loaded.error} />;
  if (loaded.data === undefined) return <Paragraph aria-live="polite">Bezig met laden…</Paragraph>;
  return <>{children(loaded.data)}</>;
}

export function ErrorAlert({ error }: { error: ApiError | string }) {
  const message = typeof error === 'string' ? error : error.message;
  return (
    <Alert type="error" role="alert">
      <Paragraph>{message}</Paragraph>
    </Alert>
  );
}

export function Notice({ children, type = 'info' }: { children: ReactNode; type?: 'info' | 'ok' | 'warning' | 'error' }) {
  return (
    <Alert type={type} role={type === 'error' ? 'alert' : 'status'}>
      {children}
    </Alert>
  );
}

/**
 * The error summary of a form (NL Design System / GOV.UK pattern): focused when it appears, each
 * problem a link to its field.
 */
export function ErrorSummary({ error, labels = {}, level = 2 }: { error: ApiError | undefined; labels?: Record<string, string>; level?: 2 | 3 | 4 }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  const fields = error.fields;
  return (
    <div ref={ref} tabIndex={-1} className="basisscan-error-summary" aria-labelledby={titleId}>
      <Alert type="error" role="alert">
        <Heading level={level} id={titleId}>
          Er is een probleem
        </Heading>
        <Paragraph>{error.message}</Paragraph>
        {fields.length > 0 && (
          <ul>
            {fields.map((field) => (
              <li key={field.field}>
                <a href={`#${fieldId(field.field)}`}>
                  {labels[field.field] ?? field.label ?? field.field}: {field.problems.map((p) => p.message).join(', ')}
                </a>
              </li>
            ))}
          </ul>
        )}
      </Alert>
    </div>
  );
}

export const fieldId = (name: string) => `veld-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export function problemFor(error: ApiError | undefined, name: string): string | undefined {
  const problem = error?.fields.find((f: FieldProblem) => f.field === name || f.field.startsWith(`${name}.`));
  return problem?.problems.map((p) => p.message).join(', ');
}

interface FieldProps {
  name: string;
  label: string;
  description?: string;
  error?: string;
  required?: boolean;
}

function FieldShell({ name, label, description, error, children }: FieldProps & { children: ReactNode }) {
  const id = fieldId(name);
  return (
    <FormField invalid={!!error} type="text">
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={id}>{label}</FormLabel>
      </div>
      {description && <FormFieldDescription id={`${id}-uitleg`}>{description}</FormFieldDescription>}
      {error && <FormFieldErrorMessage id={`${id}-fout`}>{error}</FormFieldErrorMessage>}
      <div className="utrecht-form-field__input">{children}</div>
    </FormField>
  );
}

const describedBy = (name: string, description?: string, error?: string) =>
  [description ? `${fieldId(name)}-uitleg` : '', error ? `${fieldId(name)}-fout` : ''].filter(Boolean).join(' ') || undefined;

export function TextField(props: FieldProps & { value: string; onChange: (value: string) => void; type?: 'text' | 'email' | 'password' | 'date'; autoComplete?: string }) {
  const { name, description, error, value, onChange, type = 'text', autoComplete, required } = props;
  return (
    <FieldShell {...props}>
      <Textbox
        id={fieldId(name)}
        name={name}
        type={type}
        value={value}
        required={required}
        autoComplete={autoComplete}
        invalid={!!error}
        aria-describedby={describedBy(name, description, error)}
        onChange={(event) => onChange(event.target.value)}
      />
    </FieldShell>
  );
}

export function TextareaField(props: FieldProps & { value: string; onChange: (value: string) => void; rows?: number }) {
  const { name, description, error, value, onChange, rows = 5, required } = props;
  return (
    <FieldShell {...props}>
      <Textarea
        id={fieldId(name)}
        name={name}
        value={value}
        rows={rows}
        required={required}
        invalid={!!error}
        aria-describedby={describedBy(name, description, error)}
        onChange={(event) => onChange(event.target.value)}
      />
    </FieldShell>
  );
}

export function SelectField(props: FieldProps & { value: string; onChange: (value: string) => void; options: { value: string; label: string }[] }) {
  const { name, description, error, value, onChange, options, required } = props;
  return (
    <FieldShell {...props}>
      <select
        id={fieldId(name)}
        name={name}
        className={`utrecht-select utrecht-select--html-select${error ? ' utrecht-select--invalid' : ''}`}
        value={value}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, description, error)}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">Kies…</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
