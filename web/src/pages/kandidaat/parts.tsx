import { Button, ButtonGroup, Paragraph } from '@utrecht/component-library-react';
import { ReactNode, useEffect, useId, useRef, useState } from 'react';

/** Sends a case event at the case's current version; throws the service's ApiError. */
export type SendEvent = (type: string, payload?: Record<string, unknown>) => Promise<void>;

const timeFormat = new Intl.DateTimeFormat('nl-NL', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' });

/** "14:32" */
export const timeNl = (date: Date): string => timeFormat.format(date);

export const LEVELS: Record<string, string> = { laag: 'Laag risico', midden: 'Middelgroot risico', hoog: 'Hoog risico' };

/**
 * An action with a consequence, asked twice: the first button opens a short question with the
 * consequence, the second does it. Focus moves to the question and back when cancelled.
 */
export function ConfirmAction({
  label,
  question,
  children,
  confirmLabel,
  cancelLabel = 'Nee, ga terug',
  onConfirm,
  appearance = 'secondary-action-button',
}: {
  label: string;
  question: string;
  children?: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm: () => Promise<void>;
  appearance?: 'primary-action-button' | 'secondary-action-button';
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const questionRef = useRef<HTMLParagraphElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const id = useId();

  useEffect(() => {
    if (open) questionRef.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      openerRef.current?.focus();
    }
  }, [open]);

  if (!open) {
    return (
      <Button ref={openerRef} appearance={appearance} onClick={() => setOpen(true)}>
        {label}
      </Button>
    );
  }
  return (
    <div className="basisscan-card kandidaat-confirm" role="group" aria-labelledby={`${id}-vraag`}>
      <Paragraph id={`${id}-vraag`} ref={questionRef} tabIndex={-1} className="kandidaat-confirm__question">
        {question}
      </Paragraph>
      {children}
      <ButtonGroup>
        <Button
          appearance="primary-action-button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await onConfirm();
            } finally {
              setBusy(false);
            }
          }}
        >
          {confirmLabel}
        </Button>
        <Button
          appearance="secondary-action-button"
          disabled={busy}
          onClick={() => {
            returnFocus.current = true;
            setOpen(false);
          }}
        >
          {cancelLabel}
        </Button>
      </ButtonGroup>
    </div>
  );
}

export { SOURCE_KINDS, THEMES as THEME_TITLES } from '../../labels';
