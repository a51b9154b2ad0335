import { Button, Paragraph } from '@utrecht/component-library-react';
import { FormEvent, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError } from '../api';
import { ErrorSummary, Notice, PageTitle, TextField } from '../components/ui';
import { useSession } from '../session';

export function LoginPage() {
  const { session, expired, signedOut, signIn } = useSession();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  if (session) return <Navigate to={(location.state as { from?: string } | null)?.from ?? '/'} replace />;


  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await signIn(email, password);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Aanmelden is niet gelukt.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageTitle title="Aanmelden">Aanmelden</PageTitle>
      {expired && <Notice type="warning"><Paragraph>Uw sessie is verlopen. Meld u opnieuw aan.</Paragraph></Notice>}
      {signedOut && <Notice><Paragraph>U bent afgemeld.</Paragraph></Notice>}
      <Paragraph>
        Meld u aan met het account van uw organisatie. Bent u kandidaat? Gebruik dan de link uit de uitnodiging die u per e-mail kreeg.
      </Paragraph>
      <ErrorSummary error={error} labels={{ email: 'E-mailadres', password: 'Wachtwoord' }} />
      <form onSubmit={submit} noValidate className="basisscan-form">
        <TextField name="email" label="E-mailadres" type="email" autoComplete="username" value={email} onChange={setEmail} required />
        <TextField name="password" label="Wachtwoord" type="password" autoComplete="current-password" value={password} onChange={setPassword} required />
        <Button type="submit" appearance="primary-action-button" disabled={busy} aria-disabled={busy}>
          Aanmelden
        </Button>
      </form>
    </>
  );
}
