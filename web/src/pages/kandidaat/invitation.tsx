import { Heading, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { useEffect, useRef, useState } from 'react';
import { Link, Navigate } from 'react-router';
import { ApiError } from '../../api';
import { ErrorAlert, PageTitle } from '../../components/ui';
import { useSession } from '../../session';

/**
 * The code from the link, taken once: the fragment is removed from the address bar at once, so it
 * does not stay in the history or get bookmarked. Kept at module level because the code can be
 * used only once, also when React renders this page twice.
 */
let taken: string | null | undefined;

function takeCode(): string | null {
  if (taken !== undefined) return taken;
  const match = /(?:^#|&)code=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  taken = match ? match[1] : null;
  if (window.location.hash) window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  return taken;
}

type Outcome = { kind: 'busy' } | { kind: 'done' } | { kind: 'invalid' } | { kind: 'failed'; error: ApiError };

export function InvitationPage() {
  const { session, signInWithCode } = useSession();
  const [code] = useState(takeCode);
  const [outcome, setOutcome] = useState<Outcome | null>(code ? { kind: 'busy' } : null);
  const started = useRef(false);

  useEffect(() => {
    if (!code || started.current) return;
    started.current = true;
    // Used once; a later visit to /kandidaat without a fragment must not try it again.
    taken = null;
    signInWithCode(code)
      .then(() => setOutcome({ kind: 'done' }))
      .catch((caught: unknown) => {
        if (caught instanceof ApiError && (caught.status === 401 || caught.status === 400)) setOutcome({ kind: 'invalid' });
        else setOutcome({ kind: 'failed', error: caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Er ging iets mis.') });
      });
  }, [code, signInWithCode]);

  const candidate = session?.kind === 'candidate';
  if (outcome?.kind === 'done') return <Navigate to="/kandidaat/zaak" replace />;
  // Already signed in as candidate (e.g. an old link clicked again): go straight on.
  if (candidate && outcome?.kind !== 'busy') return <Navigate to="/kandidaat/zaak" replace />;

  if (outcome?.kind === 'busy' || (!outcome && session === undefined)) {
    return (
      <>
        <PageTitle title="Uw uitnodiging">Uw uitnodiging</PageTitle>
        <Paragraph role="status">Even geduld: we controleren uw link…</Paragraph>
      </>
    );
  }

  if (outcome?.kind === 'invalid') {
    return (
      <>
        <PageTitle title="Deze link werkt niet meer">Deze link werkt niet meer</PageTitle>
        <Paragraph>
          De link uit uw uitnodiging kunt u maar één keer gebruiken, en hij is een beperkte tijd geldig. Deze link is al gebruikt, verlopen of niet
          (meer) geldig. Er is niets misgegaan met uw gegevens.
        </Paragraph>
        <Heading level={2}>Wat kunt u doen?</Heading>
        <Paragraph>
          <Link to="/kandidaat/nieuwe-link" className="utrecht-link">Vraag een nieuwe link aan</Link> met het e-mailadres waarop u de uitnodiging kreeg. U
          krijgt dan een nieuwe link per e-mail. Een eerdere toestemming of eerder ingevulde antwoorden blijven bewaard.
        </Paragraph>
      </>
    );
  }

  if (outcome?.kind === 'failed') {
    return (
      <>
        <PageTitle title="Uw uitnodiging">Uw uitnodiging</PageTitle>
        <ErrorAlert error={outcome.error} />
        <Paragraph>Probeer het over een paar minuten opnieuw met de link uit uw e-mail.</Paragraph>
      </>
    );
  }

  return (
    <>
      <PageTitle title="Kandidaat: uw uitnodiging">Kandidaat: uw uitnodiging</PageTitle>
      <Paragraph>
        Als kandidaat-bestuurder opent u deze pagina met de persoonlijke link uit de uitnodiging die u per e-mail kreeg. U heeft geen wachtwoord
        nodig.
      </Paragraph>
      <UnorderedList>
        <UnorderedListItem>Zoek in uw e-mail naar de uitnodiging voor de risicoanalyse integriteit (basisscan).</UnorderedListItem>
        <UnorderedListItem>Klik op de link in die e-mail, of kopieer de hele link naar de adresbalk van uw browser.</UnorderedListItem>
        <UnorderedListItem>
          Werkt de link niet meer? <Link to="/kandidaat/nieuwe-link" className="utrecht-link">Vraag een nieuwe link aan</Link>. Geen e-mail ontvangen? Vraag
          de organisatie die u uitnodigde (bij een gemeente: het kabinet van de burgemeester) om een nieuwe uitnodiging.
        </UnorderedListItem>
      </UnorderedList>
    </>
  );
}
