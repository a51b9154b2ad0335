import { Button, Link as UtrechtLink, PageContent, PageFooter, PageHeader, Paragraph, SkipLink } from '@utrecht/component-library-react';
import { ReactNode, useEffect, useRef, useState } from 'react';
import { api } from './api';
import { NOTIFICATIONS_CHANGED, NotificationList } from './pages/meldingen/meldingen';
import { Link, NavLink, useLocation, useNavigate } from 'react-router';
import { API_BASE } from './api';
import { hasRole, OrganisationFrame, Session, useSession, WARN_WHEN_LEFT_MS } from './session';

/** The organisation's own links (set by its beheerder under Instellingen), as every government page has them. */
function OrganisationLinks({ links }: { links: OrganisationFrame['links'] }) {
  const items = [
    links.contactUrl && { href: links.contactUrl, label: 'Contact' },
    links.contactEmail && { href: `mailto:${links.contactEmail}`, label: links.contactEmail },
    links.privacyStatementUrl && { href: links.privacyStatementUrl, label: 'Privacyverklaring' },
    links.accessibilityStatementUrl && { href: links.accessibilityStatementUrl, label: 'Toegankelijkheidsverklaring' },
  ].filter((item): item is { href: string; label: string } => !!item);
  if (!items.length) return null;
  return (
    <nav aria-label="Over deze organisatie">
      <ul className="basisscan-footer-links">
        {items.map((item) => (
          <li key={item.href}>
            <UtrechtLink href={item.href}>{item.label}</UtrechtLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

interface NavItem {
  to: string;
  label: string;
}

function navFor(session: Session): NavItem[] {
  if (session.kind === 'candidate') return [{ to: '/kandidaat/zaak', label: 'Mijn risicoanalyse' }];
  const items: NavItem[] = [];
  if (hasRole(session, 'opdrachtgever') || hasRole(session, 'auditor') || hasRole(session, 'screener')) items.push({ to: '/zaken', label: 'Dossiers' });
  if (hasRole(session, 'opdrachtgever') || hasRole(session, 'screener')) items.push({ to: '/taken', label: 'Wat ligt er bij mij' });
  if (hasRole(session, 'opdrachtgever')) items.push({ to: '/zaken/nieuw', label: 'Nieuwe risicoanalyse' });
  if (hasRole(session, 'opdrachtgever')) items.push({ to: '/formaties', label: 'Formaties' });
  if (hasRole(session, 'auditor') || hasRole(session, 'opdrachtgever') || hasRole(session, 'screener')) items.push({ to: '/controle', label: 'Rapport controleren' });
  if (hasRole(session, 'auditor')) items.push({ to: '/controle/audit', label: 'Audittrail' });
  if (hasRole(session, 'griffier')) items.push({ to: '/griffie', label: 'Benoembaarheid' });
  items.push({ to: '/meldingen', label: 'Meldingen' });
  if (hasRole(session, 'beheerder')) items.push({ to: '/instellingen', label: 'Instellingen' }, { to: '/beheer/webhooks', label: 'Webhooks' });
  return items;
}

/** The unread count beside "Meldingen", fetched on each page change and when the list changes it. */
function useUnreadCount(session: Session | null | undefined, path: string): number {
  const [count, setCount] = useState(0);
  const [changed, setChanged] = useState(0);
  useEffect(() => {
    const listener = () => setChanged((n) => n + 1);
    window.addEventListener(NOTIFICATIONS_CHANGED, listener);
    return () => window.removeEventListener(NOTIFICATIONS_CHANGED, listener);
  }, []);
  useEffect(() => {
    if (session?.kind !== 'user') return;
    let live = true;
    api.get<NotificationList>('/notifications?ongelezen=true&limit=1').then((list) => live && setCount(list.unreadCount), () => undefined);
    return () => {
      live = false;
    };
  }, [session, path, changed]);
  return count;
}

/**
 * The frame of every page: skip link, header with who is signed in, navigation for the roles,
 * and the main landmark, which takes focus after each navigation so screen readers start there.
 */
/** Shown to an idle user shortly before the session ends, with a way to continue (WCAG 2.2.1). */
function SessionWarning() {
  const { session, timeLeft, extend } = useSession();
  if (!session || timeLeft === null || timeLeft > WARN_WHEN_LEFT_MS) return null;
  const minutes = Math.max(1, Math.ceil(timeLeft / 60_000));
  return (
    <div className="basisscan-session-warning" role="alert">
      <Paragraph>
        Uw sessie loopt over {minutes === 1 ? 'ongeveer een minuut' : `${minutes} minuten`} af. Wat u nog niet heeft opgeslagen, gaat dan verloren.
      </Paragraph>
      <Button appearance="primary-action-button" onClick={() => void extend()}>
        Sessie verlengen
      </Button>
    </div>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { session, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const unread = useUnreadCount(session, location.pathname);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);

  return (
    <>
      <SkipLink href="#main">Naar de inhoud</SkipLink>
      <PageHeader className="basisscan-header">
        <div className="basisscan-header__row">
          <Paragraph className="basisscan-brand">
            <Link to="/" className="basisscan-brand__link">
              Basisscan integriteit
            </Link>
            {session?.kind === 'user' && (
              <span className="basisscan-brand__organisation">
                {' · '}
                {session.organisation.hasLogo && <img className="basisscan-brand__logo" src={`${API_BASE}/organisations/${session.organisation.id}/logo`} alt="" />}
                {session.organisation.name}
              </span>
            )}
          </Paragraph>
          {session && (
            <div className="basisscan-header__user">
              <Paragraph small>
                {session.kind === 'user' ? `${session.name} (${session.roles.join(', ')})` : 'U bent aangemeld als kandidaat'}
              </Paragraph>
              <Button
                appearance="secondary-action-button"
                onClick={async () => {
                  // Even if the service cannot be reached, the page forgets the session.
                  await signOut().catch(() => undefined);
                  navigate('/inloggen', { replace: true });
                }}
              >
                Afmelden
              </Button>
            </div>
          )}
        </div>
        {session && (
          <nav aria-label="Hoofdmenu" className="basisscan-nav">
            <ul>
              {navFor(session).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end className={({ isActive }) => `utrecht-link${isActive ? ' basisscan-nav__current' : ''}`}>
                    {item.label}
                    {item.to === '/meldingen' && unread > 0 && (
                      <span className="basisscan-nav__badge">
                        {unread}
                        <span className="basisscan-visually-hidden"> ongelezen</span>
                      </span>
                    )}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </PageHeader>
      <SessionWarning />
      <main id="main" tabIndex={-1} ref={main} className="basisscan-main">
        <PageContent>{children}</PageContent>
      </main>
      <PageFooter>
        {session?.kind === 'user' && <OrganisationLinks links={session.organisation.links} />}
        <Paragraph small>
          Basisscan integriteit — risicoanalyse integriteit en VOG voor kandidaat-bestuurders. Vertrouwelijk: deze gegevens zijn bijzondere persoonsgegevens.{' '}
          <UtrechtLink href="/docs">API-documentatie</UtrechtLink>
        </Paragraph>
      </PageFooter>
    </>
  );
}
