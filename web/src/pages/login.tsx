import { Button, ButtonLink, Paragraph } from '@utrecht/component-library-react';
import { FormEvent, useState } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { api, API_BASE, ApiError } from '../api';
import { ErrorSummary, Notice, PageTitle, TextField, useLoad } from '../components/ui';
import { useSession } from '../session';

export function LoginPage() {
  const { session, expired, signedOut, signIn } = useSession();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const methods = useLoad(() => api.get<{ local: boolean; oidc: boolean }>('/auth/methods'), []);
  const query = new URLSearchParams(location.search);
  const oidcFailed = query.get('fout') === 'oidc';
  const oidcUnreachable = query.get('fout') === 'oidc-onbereikbaar';
  // Back from signing out at the organisation's provider: a new page load, so the state is gone.
  const signedOutAtProvider = query.get('afgemeld') === '1';

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
      {(signedOut || signedOutAtProvider) && <Notice><Paragraph>U bent afgemeld.</Paragraph></Notice>}
      <Paragraph>
        Meld u aan met het account van uw organisatie. Bent u kandidaat? Gebruik dan de link uit de uitnodiging die u per e-mail kreeg. Werkt die niet
        meer? <Link to="/kandidaat/nieuwe-link" className="utrecht-link">Vraag een nieuwe link aan</Link>.
      </Paragraph>
      {oidcFailed && (
        <Notice type="error">
          <Paragraph>Inloggen via uw organisatie is niet gelukt. Probeer het opnieuw, of neem contact op met uw beheerder.</Paragraph>
        </Notice>
      )}
      {oidcUnreachable && (
        <Notice type="error">
          <Paragraph>Inloggen via uw organisatie kan nu niet: de inlogdienst van uw organisatie is niet bereikbaar. Probeer het later opnieuw, of meld u aan met uw wachtwoord.</Paragraph>
        </Notice>
      )}
      {methods.data?.oidc && (
        <Paragraph>
          <ButtonLink href={`${API_BASE}/auth/oidc/start`} appearance="primary-action-button">
            Inloggen via uw organisatie
          </ButtonLink>
        </Paragraph>
      )}
      <ErrorSummary error={error} />
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
