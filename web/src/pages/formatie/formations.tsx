import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError } from '../../api';
import { ErrorSummary, Loadable, PageTitle, problemFor, TextField, useLoad } from '../../components/ui';
import { dateNl } from '../../format';
import { Formation, FormationSummary } from './types';
import './formatie.css';

const LABELS: Record<string, string> = {
  name: 'Naam van de formatie',
  electionDate: 'Datum van de verkiezingen',
  installationDate: 'Datum van de installatievergadering',
  coalitionParties: 'Coalitiepartijen',
  'formateur.name': 'Naam van de formateur',
  'formateur.email': 'E-mailadres van de formateur',
};

/** The formations (collegevormingen) of the organisation, and a new one. */
export function FormationsPage() {
  const navigate = useNavigate();
  const formations = useLoad(() => api.get<FormationSummary[]>('/formations'), []);
  const [fields, setFields] = useState({ name: '', electionDate: '', installationDate: '', parties: '', formateurName: '', formateurEmail: '' });
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof fields) => (value: string) => setFields((f) => ({ ...f, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const formateur = fields.formateurName || fields.formateurEmail ? { name: fields.formateurName, email: fields.formateurEmail } : undefined;
      const coalitionParties = fields.parties.split(/[,\n]/).map((p) => p.trim()).filter(Boolean);
      const created = await api.post<Formation>('/formations', { name: fields.name, electionDate: fields.electionDate, installationDate: fields.installationDate, coalitionParties, formateur });
      navigate(`/formaties/${created.id}`, { state: { status: 'De formatie is aangemaakt. Voeg nu de kandidaten toe.' } });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Het aanmaken is niet gelukt.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageTitle title="Formaties">Formaties</PageTitle>
      <Paragraph>Na de verkiezingen screent u alle kandidaat-wethouders tegelijk, met één datum voor de installatie. Hier volgt u ze samen.</Paragraph>
      <Loadable loaded={formations}>
        {(list) =>
          list.length === 0 ? (
            <Paragraph>Er zijn nog geen formaties.</Paragraph>
          ) : (
            <ul className="basisscan-formation-list">
              {list.map((f) => (
                <li key={f.id}>
                  <Link to={`/formaties/${f.id}`} className="utrecht-link">
                    {f.name}
                  </Link>{' '}
                  <span className="basisscan-muted">
                    installatie {dateNl(f.installationDate)} · {f.caseCount} {f.caseCount === 1 ? 'kandidaat' : 'kandidaten'}, {f.openCaseCount} lopend
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </Loadable>
      <Heading level={2}>Nieuwe formatie</Heading>
      <ErrorSummary error={error} labels={LABELS} />
      <form onSubmit={submit} noValidate className="basisscan-form">
        <TextField name="name" label={LABELS.name} description="Bijvoorbeeld: Collegevorming 2026" value={fields.name} onChange={set('name')} error={problemFor(error, 'name')} required />
        <TextField name="electionDate" label={LABELS.electionDate} type="date" value={fields.electionDate} onChange={set('electionDate')} error={problemFor(error, 'electionDate')} required />
        <TextField
          name="installationDate"
          label={LABELS.installationDate}
          type="date"
          description="De beoogde benoemingsdatum van elke kandidaat. U kunt hem later verschuiven."
          value={fields.installationDate}
          onChange={set('installationDate')}
          error={problemFor(error, 'installationDate')}
          required
        />
        <TextField name="coalitionParties" label={LABELS.coalitionParties} description="Gescheiden door komma's" value={fields.parties} onChange={set('parties')} error={problemFor(error, 'coalitionParties')} />
        <TextField name="formateur.name" label={LABELS['formateur.name']} autoComplete="off" value={fields.formateurName} onChange={set('formateurName')} error={problemFor(error, 'formateur.name')} />
        <TextField name="formateur.email" label={LABELS['formateur.email']} type="email" autoComplete="off" description="De formateur krijgt geen toegang; alleen de uitkomst per kandidaat." value={fields.formateurEmail} onChange={set('formateurEmail')} error={problemFor(error, 'formateur.email')} />
        <Button type="submit" appearance="primary-action-button" disabled={busy} aria-disabled={busy}>
          Formatie aanmaken
        </Button>
      </form>
    </>
  );
}
