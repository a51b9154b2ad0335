import { Button, Paragraph } from '@utrecht/component-library-react';
import { FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError } from '../../api';
import { ErrorAlert, Loadable, Notice, PageTitle, SelectField, useLoad } from '../../components/ui';
import { dateTimeNl } from '../../format';

/** The service's answer (src/notifications/notifications.controller.ts). */
export interface NotificationList {
  unreadCount: number;
  items: { id: string; caseId: string; caseReference: string; kind: string; title: string; body: string; link: string; dueOn: string | null; createdAt: string; read: boolean }[];
}

interface Preferences {
  mode: 'direct' | 'dagelijks';
  digestHour: number;
}

/** Mail at once, or one overview a day at an hour of the user's choosing. */
function MailPreference() {
  const loaded = useLoad(() => api.get<Preferences>('/notifications/preferences'), []);
  return <Loadable loaded={loaded}>{(current) => <MailPreferenceForm current={current} />}</Loadable>;
}

function MailPreferenceForm({ current }: { current: Preferences }) {
  const [mode, setMode] = useState(current.mode);
  const [hour, setHour] = useState(String(current.digestHour));
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<ApiError>();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    setError(undefined);
    try {
      await api.put('/notifications/preferences', { mode, digestHour: Number(hour) });
      setSaved(true);
    } catch (e) {
      setError(e as ApiError);
    }
  };
  return (
    <section aria-labelledby="email-instelling">
      <h2 id="email-instelling" className="utrecht-heading-2">
        E-mail bij meldingen
      </h2>
      {error && <ErrorAlert error={error} />}
      {saved && (
        <Notice type="ok">
          <Paragraph role="status">Uw keuze is opgeslagen.</Paragraph>
        </Notice>
      )}
      <form onSubmit={save} className="basisscan-form">
        <SelectField
          name="mode"
          label="Wanneer wilt u een e-mail krijgen?"
          value={mode}
          onChange={(value) => setMode(value as Preferences['mode'])}
          options={[
            { value: 'direct', label: 'Bij elke melding meteen een e-mail' },
            { value: 'dagelijks', label: 'Eén e-mail per dag met alle nieuwe meldingen' },
          ]}
        />
        {mode === 'dagelijks' && (
          <SelectField
            name="digestHour"
            label="Rond welk uur?"
            value={hour}
            onChange={setHour}
            options={Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: `${h}:00 uur` }))}
          />
        )}
        <Button type="submit" appearance="primary-action-button">
          Opslaan
        </Button>
      </form>
    </section>
  );
}

/** Tells the header's badge to count again. */
export const NOTIFICATIONS_CHANGED = 'basisscan:meldingen';

/** Meldingen: what happened in the user's cases that asks something of them, newest first. */
export function NotificationsPage() {
  const [reload, setReload] = useState(0);
  const loaded = useLoad(() => api.get<NotificationList>('/notifications?limit=100'), [reload]);
  const [error, setError] = useState<ApiError>();
  const navigate = useNavigate();

  const markRead = async (body: { ids: string[] } | { all: true }) => {
    setError(undefined);
    try {
      await api.post('/notifications/read', body);
      window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
      return true;
    } catch (e) {
      setError(e as ApiError);
      return false;
    }
  };

  return (
    <>
      <PageTitle title="Meldingen">Meldingen</PageTitle>
      {error && <ErrorAlert error={error} />}
      <Loadable loaded={loaded}>
        {(list) => (
          <>
            <Paragraph>
              {list.unreadCount === 0 ? 'U heeft geen ongelezen meldingen.' : list.unreadCount === 1 ? 'U heeft 1 ongelezen melding.' : `U heeft ${list.unreadCount} ongelezen meldingen.`}
            </Paragraph>
            {list.unreadCount > 0 && (
              <Button appearance="secondary-action-button" onClick={async () => (await markRead({ all: true })) && setReload((n) => n + 1)}>
                Alles als gelezen markeren
              </Button>
            )}
            {list.items.length === 0 ? (
              <Paragraph>Er zijn nog geen meldingen. U krijgt hier (en per e-mail) bericht als er in een dossier iets van u wordt gevraagd.</Paragraph>
            ) : (
              <ul className="basisscan-meldingen">
                {list.items.map((item) => (
                  <li key={item.id} className={item.read ? 'basisscan-melding' : 'basisscan-melding basisscan-melding--ongelezen'}>
                    <h2 className="utrecht-heading-3">
                      <Link
                        to={item.link}
                        className="utrecht-link"
                        onClick={async (event) => {
                          if (item.read) return;
                          event.preventDefault();
                          await markRead({ ids: [item.id] });
                          navigate(item.link);
                        }}
                      >
                        {item.title}
                      </Link>
                      {!item.read && <span className="basisscan-melding__status"> (ongelezen)</span>}
                    </h2>
                    <Paragraph>{item.body}</Paragraph>
                    <Paragraph small>
                      Dossier {item.caseReference} · {dateTimeNl(item.createdAt)}
                    </Paragraph>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </Loadable>
      <MailPreference />
    </>
  );
}
