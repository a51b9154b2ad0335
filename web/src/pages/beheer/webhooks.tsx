import { Button, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { FormEvent, useState } from 'react';
import { api, ApiError } from '../../api';
import { ErrorAlert, ErrorSummary, Loadable, Notice, PageTitle, TextField, useLoad } from '../../components/ui';
import { dateTimeNl } from '../../format';

/** The service's answers (src/webhooks/webhooks.service.ts). */
interface Endpoint {
  id: string;
  url: string;
  eventTypes: string[];
  active: boolean;
  createdAt: string;
  deliveries: { pending: number; delivered: number; dead: number };
}
interface Delivery {
  id: string;
  eventType: string;
  status: 'pending' | 'sending' | 'delivered' | 'dead';
  attempts: number;
  createdAt: string;
  log: { at: string; statusCode: number | null; error: string | null; durationMs: number }[];
}

const STATUS: Record<Delivery['status'], string> = { pending: 'Wacht op een (nieuwe) poging', sending: 'Wordt verstuurd', delivered: 'Afgeleverd', dead: 'Mislukt (alle pogingen)' };

/** The beheerder's webhooks: add one (the secret is shown once), see the delivery log, send a failed delivery again. */
export function WebhooksPage() {
  const [reload, setReload] = useState(0);
  const loaded = useLoad(() => api.get<Endpoint[]>('/webhooks'), [reload]);
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState('*');
  const [error, setError] = useState<ApiError>();
  const [created, setCreated] = useState<{ url: string; secret: string }>();
  const [open, setOpen] = useState<string>();

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const result = await api.post<{ url: string; secret: string }>('/webhooks', { url, eventTypes: types.split(/[\s,]+/).filter(Boolean) });
      setCreated(result);
      setUrl('');
      setReload((n) => n + 1);
    } catch (caught) {
      setError(caught as ApiError);
    }
  };

  return (
    <>
      <PageTitle title="Webhooks">Webhooks</PageTitle>
      <Paragraph>
        Een webhook stuurt bij elke gebeurtenis in een dossier van uw organisatie een ondertekend bericht naar een systeem van uw organisatie. Het
        bericht bevat alleen het dossierkenmerk, de soort gebeurtenis, de fase en de tijd: geen namen of inhoud.
      </Paragraph>
      {created && (
        <Notice type="ok">
          <Paragraph role="status">
            De webhook naar {created.url} is ingesteld. Het geheim om de ondertekening te controleren is: <code>{created.secret}</code>. Bewaar het nu: het
            wordt niet meer getoond.
          </Paragraph>
        </Notice>
      )}
      <Loadable loaded={loaded}>
        {(endpoints) =>
          endpoints.length === 0 ? (
            <Paragraph>Er zijn nog geen webhooks.</Paragraph>
          ) : (
            <div className="basisscan-table-scroll">
              <Table>
                <TableCaption>Webhooks van uw organisatie</TableCaption>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell scope="col">URL</TableHeaderCell>
                    <TableHeaderCell scope="col">Gebeurtenissen</TableHeaderCell>
                    <TableHeaderCell scope="col">Afgeleverd / wacht / mislukt</TableHeaderCell>
                    <TableHeaderCell scope="col">Acties</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {endpoints.map((e) => (
                    <TableRow key={e.id}>
                      <TableHeaderCell scope="row">{e.url}</TableHeaderCell>
                      <TableCell>{e.eventTypes.join(', ')}</TableCell>
                      <TableCell>
                        {e.deliveries.delivered} / {e.deliveries.pending} / {e.deliveries.dead}
                      </TableCell>
                      <TableCell>
                        <Button appearance="secondary-action-button" onClick={() => setOpen(open === e.id ? undefined : e.id)} aria-expanded={open === e.id}>
                          Afleverlog {open === e.id ? 'verbergen' : 'tonen'}
                        </Button>{' '}
                        <Button
                          appearance="subtle-button"
                          onClick={async () => {
                            await api.delete(`/webhooks/${e.id}`).catch((caught: ApiError) => setError(caught));
                            setReload((n) => n + 1);
                          }}
                        >
                          Verwijderen
                        </Button>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              {open && <DeliveryLog endpointId={open} />}
            </div>
          )
        }
      </Loadable>
      <h2 className="utrecht-heading-2">Webhook toevoegen</h2>
      <ErrorSummary error={error} labels={{ url: 'URL', eventTypes: 'Gebeurtenissen' }} />
      <form onSubmit={add} noValidate className="basisscan-form">
        <TextField name="url" label="URL" description="Begint met https://. Een intern of lokaal netwerkadres is niet toegestaan." value={url} onChange={setUrl} required />
        <TextField name="eventTypes" label="Gebeurtenissen" description="Namen uit de catalogus, gescheiden door komma's, of * voor alle." value={types} onChange={setTypes} required />
        <Button type="submit" appearance="primary-action-button">
          Webhook toevoegen
        </Button>
      </form>
    </>
  );
}

function DeliveryLog({ endpointId }: { endpointId: string }) {
  const [reload, setReload] = useState(0);
  const loaded = useLoad(() => api.get<Delivery[]>(`/webhooks/${endpointId}/deliveries`), [endpointId, reload]);
  const [error, setError] = useState<ApiError>();
  return (
    <section aria-label="Afleverlog">
      {error && <ErrorAlert error={error} />}
      <Loadable loaded={loaded}>
        {(deliveries) =>
          deliveries.length === 0 ? (
            <Paragraph>Nog geen afleveringen.</Paragraph>
          ) : (
            <Table>
              <TableCaption>Afleverlog (nieuwste eerst)</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">Gebeurtenis</TableHeaderCell>
                  <TableHeaderCell scope="col">Status</TableHeaderCell>
                  <TableHeaderCell scope="col">Pogingen</TableHeaderCell>
                  <TableHeaderCell scope="col">Actie</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {deliveries.map((d) => (
                  <TableRow key={d.id}>
                    <TableHeaderCell scope="row">
                      {d.eventType} <span className="basisscan-visually-hidden">({dateTimeNl(d.createdAt)})</span>
                    </TableHeaderCell>
                    <TableCell>{STATUS[d.status]}</TableCell>
                    <TableCell>{d.log.map((a) => a.statusCode ?? a.error).join(', ') || '—'}</TableCell>
                    <TableCell>
                      {(d.status === 'dead' || d.status === 'delivered') && (
                        <Button
                          appearance="secondary-action-button"
                          onClick={async () => {
                            setError(undefined);
                            await api.post(`/webhooks/${endpointId}/deliveries/${d.id}/replay`).catch((caught: ApiError) => setError(caught));
                            setReload((n) => n + 1);
                          }}
                        >
                          Opnieuw versturen
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )
        }
      </Loadable>
    </section>
  );
}
