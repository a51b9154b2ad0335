import { Button, Paragraph } from '@utrecht/component-library-react';
import { FormEvent, useState } from 'react';
import { api, ApiError } from '../../api';
import { ErrorSummary, Notice, PageTitle, TextField } from '../../components/ui';

/**
 * The candidate's way back in: the address the invitation went to, and a new single-use link by
 * mail. The service answers the same whether the address is known or not; so does this page.
 */
export function NewLinkPage() {
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [answer, setAnswer] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.post<{ message: string }>('/auth/invitation/new-link', { email });
      setAnswer(result.message);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Er ging iets mis.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle title="Een nieuwe link aanvragen">Een nieuwe link aanvragen</PageTitle>
      {answer ? (
        <Notice type="ok">
          <Paragraph role="status">{answer}</Paragraph>
        </Notice>
      ) : (
        <>
          <Paragraph>
            Bent u kandidaat en werkt de link uit uw e-mail niet meer? Vul het e-mailadres in waarop u de uitnodiging kreeg. U krijgt dan een nieuwe
            persoonlijke link. Wat u al heeft ingevuld, blijft bewaard.
          </Paragraph>
          <ErrorSummary error={error} labels={{ email: 'Uw e-mailadres' }} />
          <form onSubmit={submit} noValidate className="basisscan-form">
            <TextField name="email" label="Uw e-mailadres" type="email" autoComplete="email" value={email} onChange={setEmail} required />
            <Button type="submit" appearance="primary-action-button" disabled={busy} aria-disabled={busy}>
              Stuur mij een nieuwe link
            </Button>
          </form>
        </>
      )}
    </>
  );
}
