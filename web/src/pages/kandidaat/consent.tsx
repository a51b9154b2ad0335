import { Button, ButtonGroup, Heading, Paragraph } from '@utrecht/component-library-react';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import { ErrorAlert, Loadable, useLoad } from '../../components/ui';
import { ConfirmAction, SendEvent } from './parts';
import { ConsentView } from './types';

/** The consent text in force, and the choice: give or refuse consent. */
export function ConsentStep({ caseId, deadline, send }: { caseId: string; deadline?: string; send: SendEvent }) {
  const loaded = useLoad(() => api.get<ConsentView>(`/cases/${caseId}/consent`), [caseId]);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  async function act(type: string, payload?: Record<string, unknown>) {
    setError(undefined);
    try {
      await send(type, payload);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Er ging iets mis.'));
      if (caught instanceof ApiError && caught.code === 'CONSENT_VERSION_OUTDATED') await loaded.reload();
    }
  }

  return (
    <section aria-labelledby="toestemming-titel" className="kandidaat-section">
      <Heading level={2} id="toestemming-titel" tabIndex={-1}>
        Toestemming geven
      </Heading>
      <Paragraph>
        Lees hieronder wat er wordt onderzocht en wat er met uw gegevens gebeurt. Daarna kiest u of u toestemming geeft. Zonder uw toestemming gaat
        het onderzoek niet door.
      </Paragraph>
      {deadline && <Paragraph>Geef uw antwoord {deadline}.</Paragraph>}
      <Loadable loaded={loaded}>
        {(consent) => (
          <>
            <div className="basisscan-card kandidaat-consent-text">
              <Heading level={3}>{consent.title}</Heading>
              {consent.sections.map((section) => (
                <div key={section.heading}>
                  <Heading level={4}>{section.heading}</Heading>
                  <Paragraph>{section.text}</Paragraph>
                </div>
              ))}
              <Paragraph small>Versie {consent.version} van de toestemmingstekst.</Paragraph>
            </div>
            {error && <ErrorAlert error={error} />}
            <ButtonGroup className="kandidaat-choice">
              <Button
                appearance="primary-action-button"
                disabled={busy}
                onClick={async () => {
                  setBusy(true);
                  await act('GIVE_CONSENT', { consentTextVersion: consent.version });
                  setBusy(false);
                }}
              >
                Ik geef toestemming
              </Button>
            </ButtonGroup>
            <ConfirmAction
              label="Ik geef geen toestemming"
              question="Weet u zeker dat u geen toestemming geeft?"
              confirmLabel="Ja, ik geef geen toestemming"
              onConfirm={() => act('REFUSE_CONSENT')}
            >
              <Paragraph>
                Het onderzoek stopt dan en de organisatie ziet dat u geen toestemming gaf. Zonder toestemming kan er geen positief advies over uw
                benoeming komen. Uw gegevens worden na de bewaartermijn vernietigd.
              </Paragraph>
            </ConfirmAction>
          </>
        )}
      </Loadable>
    </section>
  );
}
