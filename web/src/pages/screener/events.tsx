import { Button } from '@utrecht/component-library-react';
import { ReactNode, useState } from 'react';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ui';
import { asApiError, mayAct, StatusMessage, useFile } from './shared';

/**
 * The workflow step that belongs to a part of the file, offered where the work is done; shown
 * only while the service allows it. The message after it worked stays in the live region.
 */
export function EventButton(props: { type: string; label: string; done: string; payload?: () => Record<string, unknown>; children?: ReactNode }) {
  const { type, label, done, payload, children } = props;
  const { view, act } = useFile();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [status, setStatus] = useState<string>();
  const allowed = mayAct(view, type);

  async function send() {
    setBusy(true);
    setError(undefined);
    setStatus(undefined);
    try {
      await act(type, payload?.());
      setStatus(done);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="screener-event">
      {allowed && (
        <>
          {children}
          {error && <ErrorAlert error={error} />}
          <Button appearance="primary-action-button" onClick={send} disabled={busy} aria-disabled={busy}>
            {label}
          </Button>
        </>
      )}
      <StatusMessage message={status} />
    </div>
  );
}
