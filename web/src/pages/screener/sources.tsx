import { Button, Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { FormEvent, useState } from 'react';
import { api } from '../../api';
import { ErrorSummary, problemFor, SelectField, TextareaField, TextField } from '../../components/ui';
import { dateNl, today } from '../../format';
import { SOURCE_KINDS } from './labels';
import { EventButton } from './events';
import { missingFields, RadioGroup, StatusMessage, useChange, useFile } from './shared';

const LABELS = {
  'bron.kind': 'Soort bron',
  'bron.consultedOn': 'Geraadpleegd op',
  'bron.query': 'Zoekvraag',
  'bron.found': 'Gevonden',
  'bron.isFinding': 'Bevinding',
};

/** Bronnenlogboek: which public sources were consulted, for what, and what they gave. */
export function SourcesSection() {
  const { file, editable } = useFile();
  return (
    <section aria-labelledby="bronnen-titel" className="screener-section">
      <Heading level={2} id="bronnen-titel">
        Bronnenlogboek
      </Heading>
      <Paragraph>Leg elke geraadpleegde openbare bron vast, ook als er niets is gevonden. Een bevinding is een feit dat ertoe doet voor de integriteit; de kandidaat ziet bevindingen bij hoor en wederhoor, zonder uw zoekvraag.</Paragraph>
      {file.sources.length === 0 ? (
        <Paragraph>Er zijn nog geen bronnen vastgelegd.</Paragraph>
      ) : (
        <div className="screener-table-wrap">
          <Table>
            <TableCaption>Geraadpleegde bronnen ({file.sources.length})</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Soort</TableHeaderCell>
                <TableHeaderCell scope="col">Geraadpleegd op</TableHeaderCell>
                <TableHeaderCell scope="col">Zoekvraag</TableHeaderCell>
                <TableHeaderCell scope="col">Gevonden</TableHeaderCell>
                <TableHeaderCell scope="col">Bevinding</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {file.sources.map((source) => (
                <TableRow key={source.id}>
                  <TableHeaderCell scope="row">{SOURCE_KINDS[source.kind] ?? source.kind}</TableHeaderCell>
                  <TableCell>{dateNl(source.consultedOn)}</TableCell>
                  <TableCell className="screener-pre">{source.query}</TableCell>
                  <TableCell className="screener-pre">{source.found || 'Niets gevonden'}</TableCell>
                  <TableCell>{source.isFinding ? 'Ja' : 'Nee'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {editable && <SourceForm />}
      <EventButton type="COMPLETE_RESEARCH" label="Onderzoek afronden" done="Het openbronnenonderzoek is afgerond. De volgende stap is het gesprek met de kandidaat.">
        <Paragraph>Klaar met het openbronnenonderzoek? Rond het af; daarna volgt het gesprek. U kunt daarna nog bronnen toevoegen tot de conceptrapportage is ingediend.</Paragraph>
      </EventButton>
    </section>
  );
}

function SourceForm() {
  const [kind, setKind] = useState('');
  const [consultedOn, setConsultedOn] = useState(today());
  const [query, setQuery] = useState('');
  const [found, setFound] = useState('');
  const [isFinding, setIsFinding] = useState('nee');
  const { caseId } = useFile();
  const change = useChange('bron');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing = missingFields({ 'bron.kind': kind, 'bron.consultedOn': consultedOn, 'bron.query': query });
    if (missing) return change.refuse(missing);
    const ok = await change.run(
      () => api.post(`/cases/${caseId}/sources`, { kind, consultedOn, query: query.trim(), found: found.trim(), isFinding: isFinding === 'ja' }),
      `De bron is toegevoegd aan het bronnenlogboek.`,
    );
    if (ok) {
      setKind('');
      setQuery('');
      setFound('');
      setIsFinding('nee');
    }
  }

  const error = change.error;
  return (
    <>
      <Heading level={3} id="bron-form-titel">
        Bron toevoegen
      </Heading>
      <ErrorSummary error={error} labels={LABELS} level={4} />
      <form onSubmit={submit} noValidate className="basisscan-form" aria-labelledby="bron-form-titel">
        <SelectField
          name="bron.kind"
          label="Soort bron"
          value={kind}
          onChange={setKind}
          options={Object.entries(SOURCE_KINDS).map(([value, label]) => ({ value, label }))}
          error={problemFor(error, 'bron.kind')}
          required
        />
        <TextField name="bron.consultedOn" label="Geraadpleegd op" type="date" value={consultedOn} onChange={setConsultedOn} error={problemFor(error, 'bron.consultedOn')} required />
        <TextareaField
          name="bron.query"
          label="Zoekvraag"
          description="Waarop heeft u gezocht, bijvoorbeeld naam en geboortedatum, of een bedrijfsnaam."
          rows={2}
          value={query}
          onChange={setQuery}
          error={problemFor(error, 'bron.query')}
          required
        />
        <TextareaField
          name="bron.found"
          label="Gevonden"
          description="Wat de bron opleverde. Laat leeg als er niets is gevonden."
          rows={3}
          value={found}
          onChange={setFound}
          error={problemFor(error, 'bron.found')}
        />
        <RadioGroup
          name="bron.isFinding"
          legend="Is dit een bevinding?"
          description="Een bevinding is een feit dat ertoe doet voor de integriteit."
          value={isFinding}
          onChange={setIsFinding}
          options={[
            { value: 'ja', label: 'Ja, dit is een bevinding' },
            { value: 'nee', label: 'Nee' },
          ]}
          error={problemFor(error, 'bron.isFinding')}
        />
        <div>
          <Button type="submit" appearance="primary-action-button" disabled={change.busy} aria-disabled={change.busy}>
            Bron toevoegen
          </Button>
        </div>
        <StatusMessage message={change.status} />
      </form>
    </>
  );
}
