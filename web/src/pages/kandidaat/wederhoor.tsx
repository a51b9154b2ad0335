import {
  Blockquote,
  Button,
  ButtonGroup,
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import { ErrorAlert, ErrorSummary, Loadable, TextareaField, problemFor, useLoad } from '../../components/ui';
import { CONCLUSIONS, dateNl } from '../../format';
import { ConfirmAction, LEVELS, SendEvent, SOURCE_KINDS, THEME_TITLES, timeNl } from './parts';
import { CandidateCorrections } from './corrections';
import { WederhoorView } from './types';

/** Hoor en wederhoor: the findings, risks and draft conclusion, and the candidate's response. */
export function WederhoorStep({ caseId, version, deadline, send, canAct }: { caseId: string; version: number; deadline?: string; send: SendEvent; canAct: boolean }) {
  const loaded = useLoad(async () => {
    try {
      return await api.get<WederhoorView>(`/cases/${caseId}/wederhoor`);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 409) return null;
      throw caught;
    }
    // Read again with every new case version: after the response, it is shown as given.
  }, [caseId, version]);

  return (
    <section aria-labelledby="wederhoor-titel" className="kandidaat-section">
      <Heading level={2} id="wederhoor-titel">
        Hoor en wederhoor: de bevindingen
      </Heading>
      <Loadable loaded={loaded}>
        {(view) =>
          view === null ? (
            <Paragraph>
              De screener werkt nog aan het onderzoek. Zodra de bevindingen klaar zijn, kunt u ze hier lezen en erop reageren. U krijgt daarvoor de
              tijd.
            </Paragraph>
          ) : (
            <>
              <Findings key={version} caseId={caseId} view={view} deadline={deadline} send={send} canAct={canAct && view.open} />
              {view.findings.length > 0 && <CandidateCorrections caseId={caseId} findings={view.findings} version={version} />}
            </>
          )
        }
      </Loadable>
    </section>
  );
}

function Findings({ caseId, view, deadline, send, canAct }: { caseId: string; view: WederhoorView; deadline?: string; send: SendEvent; canAct: boolean }) {
  const [response, setResponse] = useState(view.response ?? '');
  const [error, setError] = useState<ApiError>();
  const [savedAt, setSavedAt] = useState<Date>();
  const [busy, setBusy] = useState(false);

  async function saveResponse(): Promise<boolean> {
    setError(undefined);
    if (response.trim() === '') {
      setError(new ApiError(422, 'LOCAL', 'Uw reactie is nog leeg.', [{ field: 'response', problems: [{ constraint: 'minLength', message: 'Schrijf eerst uw reactie' }] }]));
      return false;
    }
    try {
      await api.put(`/cases/${caseId}/wederhoor/response`, { response });
      setSavedAt(new Date());
      return true;
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Er ging iets mis.'));
      return false;
    }
  }

  async function act(type: string) {
    setError(undefined);
    try {
      await send(type);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Er ging iets mis.'));
    }
  }

  return (
    <>
      {canAct && (
        <Paragraph>
          De screener deelt de bevindingen en risico's met u voordat het rapport definitief wordt. U kunt erop reageren; uw reactie komt letterlijk in
          het rapport. U kunt ook afzien van een reactie.
          {deadline && ` Reageer ${deadline}.`}
        </Paragraph>
      )}

      <Heading level={3}>Bevindingen</Heading>
      {view.findings.length === 0 ? (
        <Paragraph>De screener heeft in openbare bronnen geen bevindingen vastgelegd.</Paragraph>
      ) : (
        <Table>
          <TableCaption>Wat de screener in openbare bronnen vond</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">Bron</TableHeaderCell>
              <TableHeaderCell scope="col">Geraadpleegd op</TableHeaderCell>
              <TableHeaderCell scope="col">Wat is gevonden</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {view.findings.map((finding, index) => (
              <TableRow key={index}>
                <TableCell>{SOURCE_KINDS[finding.kind] ?? finding.kind}</TableCell>
                <TableCell>{dateNl(finding.consultedOn)}</TableCell>
                <TableCell>{finding.found}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}

      <Heading level={3}>Risico's en maatregelen</Heading>
      {view.risks.length === 0 ? (
        <Paragraph>De screener heeft geen integriteitsrisico's vastgelegd.</Paragraph>
      ) : (
        view.risks.map((risk) => (
          <div key={risk.id} className="basisscan-card">
            <Heading level={4}>
              {THEME_TITLES[risk.theme] ?? risk.theme}: {LEVELS[risk.level] ?? risk.level}
            </Heading>
            <Paragraph>{risk.description}</Paragraph>
            <Paragraph small>
              Kans: {risk.likelihood}. Impact: {risk.impact}.
            </Paragraph>
            {risk.measures.length > 0 ? (
              <>
                <Paragraph>Voorgestelde beheersmaatregelen:</Paragraph>
                <UnorderedList>
                  {risk.measures.map((measure, index) => (
                    <UnorderedListItem key={index}>
                      {measure.measure} (door {measure.who}, uiterlijk {dateNl(measure.byWhen)})
                    </UnorderedListItem>
                  ))}
                </UnorderedList>
              </>
            ) : (
              <Paragraph>Voor dit risico is geen beheersmaatregel voorgesteld.</Paragraph>
            )}
          </div>
        ))
      )}

      <Heading level={3}>Conceptconclusie van de screener</Heading>
      {view.draftConclusion ? (
        <>
          <Paragraph>
            <strong>{CONCLUSIONS[view.draftConclusion] ?? view.draftConclusion}</strong>
          </Paragraph>
          {view.draftExplanation && <Paragraph>{view.draftExplanation}</Paragraph>}
        </>
      ) : (
        <Paragraph>Er is nog geen conceptconclusie.</Paragraph>
      )}

      <Heading level={3}>Uw reactie</Heading>
      {canAct ? (
        <>
          <ErrorSummary error={error?.fields.length ? error : undefined} labels={{ response: 'Uw reactie' }} />
          {error && !error.fields.length && <ErrorAlert error={error} />}
          <form
            className="basisscan-form"
            noValidate
            onSubmit={async (event) => {
              event.preventDefault();
              await saveResponse();
            }}
          >
            <TextareaField
              name="response"
              label="Uw reactie op de bevindingen"
              description="Schrijf in uw eigen woorden wat u van de bevindingen, risico's en maatregelen vindt. Uw reactie komt letterlijk in het rapport."
              rows={8}
              value={response}
              error={problemFor(error, 'response')}
              onChange={setResponse}
            />
            <ButtonGroup>
              <Button type="submit" appearance="secondary-action-button">
                Reactie opslaan
              </Button>
              <Button
                appearance="primary-action-button"
                disabled={busy}
                onClick={async () => {
                  setBusy(true);
                  if (await saveResponse()) await act('RESPOND_TO_FINDINGS');
                  setBusy(false);
                }}
              >
                Reactie indienen
              </Button>
            </ButtonGroup>
          </form>
          <p role="status" className="kandidaat-save-status">
            {savedAt && `Uw reactie is opgeslagen om ${timeNl(savedAt)}. Dien haar in als u klaar bent.`}
          </p>
          <ConfirmAction
            label="Ik zie af van een reactie"
            question="Weet u zeker dat u niet wilt reageren?"
            confirmLabel="Ja, ik zie af van een reactie"
            onConfirm={() => act('DECLINE_RESPONSE')}
          >
            <Paragraph>Het rapport wordt dan zonder uw reactie afgemaakt. Daarna kunt u niet meer reageren.</Paragraph>
          </ConfirmAction>
        </>
      ) : view.response ? (
        <Blockquote>
          <Paragraph>{view.response}</Paragraph>
        </Blockquote>
      ) : (
        <Paragraph>U heeft niet gereageerd op de bevindingen.</Paragraph>
      )}
    </>
  );
}
