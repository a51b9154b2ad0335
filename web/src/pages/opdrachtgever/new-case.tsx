import { Button, Paragraph } from '@utrecht/component-library-react';
import { FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../../api';
import { ErrorSummary, PageTitle, problemFor, TextField } from '../../components/ui';
import { CaseView } from './types';
import './opdrachtgever.css';

const LABELS: Record<string, string> = {
  'candidate.name': 'Naam van de kandidaat',
  'candidate.email': 'E-mailadres van de kandidaat',
  plannedAppointmentDate: 'Beoogde benoemingsdatum',
  office: 'Functie',
};

/** Problems the service reports without naming a field, tied to the field they are about. */
function withField(error: ApiError): ApiError {
  if (error.code === 'DATE_IN_PAST') {
    return new ApiError(error.status, error.code, error.message, [
      { field: 'plannedAppointmentDate', problems: [{ constraint: 'notInPast', message: 'ligt in het verleden' }] },
    ]);
  }
  return error;
}

/** The opdrachtgever commissions a new risicoanalyse integriteit. */
export function NewCasePage() {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [date, setDate] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const created = await api.post<CaseView>('/cases', { candidate: { name, email }, plannedAppointmentDate: date });
      navigate(`/zaken/${created.id}`, { state: { status: 'De risicoanalyse is aangemaakt. Wijs nu een screener toe.' } });
    } catch (caught) {
      setError(caught instanceof ApiError ? withField(caught) : new ApiError(0, 'ERROR', 'Het aanmaken is niet gelukt.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageTitle title="Nieuwe risicoanalyse">Nieuwe risicoanalyse</PageTitle>
      <Paragraph>
        U geeft opdracht voor de risicoanalyse integriteit (basisscan) van een kandidaat-bestuurder. De kandidaat krijgt pas bericht als u de kandidaat uitnodigt.
      </Paragraph>
      <ErrorSummary error={error} labels={LABELS} />
      <form onSubmit={submit} noValidate className="basisscan-form">
        <TextField name="candidate.name" label={LABELS['candidate.name']} autoComplete="off" value={name} onChange={setName} error={problemFor(error, 'candidate.name')} required />
        <TextField
          name="candidate.email"
          label={LABELS['candidate.email']}
          type="email"
          autoComplete="off"
          description="Naar dit adres gaat de uitnodiging met de persoonlijke link."
          value={email}
          onChange={setEmail}
          error={problemFor(error, 'candidate.email')}
          required
        />
        <TextField
          name="plannedAppointmentDate"
          label={LABELS.plannedAppointmentDate}
          type="date"
          description="De datum waarop de benoeming is gepland. De VOG mag op die datum niet te oud zijn."
          value={date}
          onChange={setDate}
          error={problemFor(error, 'plannedAppointmentDate')}
          required
        />
        <Button type="submit" appearance="primary-action-button" disabled={busy} aria-disabled={busy}>
          Risicoanalyse aanmaken
        </Button>
      </form>
    </>
  );
}
