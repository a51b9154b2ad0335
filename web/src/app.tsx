import { Paragraph } from '@utrecht/component-library-react';
import { WebhooksPage } from './pages/beheer/webhooks';
import { NewLinkPage } from './pages/kandidaat/new-link';
import { NotificationsPage } from './pages/meldingen/meldingen';
import { ReactNode } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout } from './layout';
import { VerifyPage } from './pages/auditor/verify';
import { SettingsPage } from './pages/beheerder/settings';
import { AuditPage } from './pages/auditor/audit';
import { InvitationPage } from './pages/kandidaat/invitation';
import { CandidatePage } from './pages/kandidaat/candidate';
import { FormationBoardPage } from './pages/formatie/board';
import { FormationsPage } from './pages/formatie/formations';
import { GriffieChecklistPage, GriffieFormationsPage } from './pages/griffier/checklist';
import { LoginPage } from './pages/login';
import { CasePage } from './pages/opdrachtgever/case';
import { CasesPage } from './pages/opdrachtgever/cases';
import { NewCasePage } from './pages/opdrachtgever/new-case';
import { TasksPage } from './pages/opdrachtgever/tasks';
import { ScreenerFilePage } from './pages/screener/file';
import { PageTitle } from './components/ui';
import { hasRole, Role, SessionProvider, useSession } from './session';

/** Pages for signed-in people only; the others go to the sign-in page and come back after. */
function Signed({ roles, children }: { roles?: Role[]; children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (session === undefined) return <Paragraph aria-live="polite">Bezig met laden…</Paragraph>;
  if (session === null) return <Navigate to="/inloggen" replace state={{ from: location.pathname }} />;
  if (roles && !roles.some((role) => hasRole(session, role))) {
    return (
      <>
        <PageTitle title="Geen toegang">Geen toegang</PageTitle>
        <Paragraph>Deze pagina is niet voor uw rol.</Paragraph>
      </>
    );
  }
  return <>{children}</>;
}

function Home() {
  const { session } = useSession();
  if (session === undefined) return <Paragraph aria-live="polite">Bezig met laden…</Paragraph>;
  if (!session) return <Navigate to="/inloggen" replace />;
  if (session.kind === 'candidate') return <Navigate to="/kandidaat/zaak" replace />;
  if (hasRole(session, 'screener') && !hasRole(session, 'opdrachtgever')) return <Navigate to="/taken" replace />;
  if (hasRole(session, 'beheerder') && session.roles.length === 1) return <Navigate to="/controle/audit" replace />;
  if (hasRole(session, 'griffier') && session.roles.length === 1) return <Navigate to="/griffie" replace />;
  return <Navigate to="/zaken" replace />;
}

function NotFound() {
  return (
    <>
      <PageTitle title="Pagina niet gevonden">Pagina niet gevonden</PageTitle>
      <Paragraph>Deze pagina bestaat niet (meer). Misschien is het adres verkeerd getypt, of is de pagina verplaatst.</Paragraph>
      <Paragraph>
        <Link to="/" className="utrecht-link">
          Naar de startpagina
        </Link>
      </Paragraph>
    </>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <Layout>
          <Routes>
            <Route path="/" element={<Home />} />
            <Route path="/inloggen" element={<LoginPage />} />
            <Route path="/kandidaat" element={<InvitationPage />} />
            <Route path="/kandidaat/nieuwe-link" element={<NewLinkPage />} />
            <Route path="/kandidaat/zaak" element={<Signed roles={['kandidaat']}><CandidatePage /></Signed>} />
            <Route path="/zaken" element={<Signed roles={['opdrachtgever', 'auditor', 'screener']}><CasesPage /></Signed>} />
            <Route path="/zaken/nieuw" element={<Signed roles={['opdrachtgever']}><NewCasePage /></Signed>} />
            <Route path="/zaken/:id" element={<Signed roles={['opdrachtgever', 'auditor', 'screener']}><CasePage /></Signed>} />
            <Route path="/zaken/:id/dossier" element={<Signed roles={['screener']}><ScreenerFilePage /></Signed>} />
            <Route path="/formaties" element={<Signed roles={['opdrachtgever']}><FormationsPage /></Signed>} />
            <Route path="/formaties/:id" element={<Signed roles={['opdrachtgever']}><FormationBoardPage /></Signed>} />
            <Route path="/griffie" element={<Signed roles={['griffier']}><GriffieFormationsPage /></Signed>} />
            <Route path="/griffie/:id" element={<Signed roles={['griffier']}><GriffieChecklistPage /></Signed>} />
            <Route path="/taken" element={<Signed roles={['opdrachtgever', 'screener']}><TasksPage /></Signed>} />
            <Route path="/controle" element={<Signed roles={['auditor', 'opdrachtgever', 'screener']}><VerifyPage /></Signed>} />
            <Route path="/controle/audit" element={<Signed roles={['auditor', 'beheerder']}><AuditPage /></Signed>} />
            <Route path="/instellingen" element={<Signed roles={['beheerder']}><SettingsPage /></Signed>} />
            <Route path="/beheer/webhooks" element={<Signed roles={['beheerder']}><WebhooksPage /></Signed>} />
            <Route path="/meldingen" element={<Signed roles={['opdrachtgever', 'screener', 'auditor', 'beheerder']}><NotificationsPage /></Signed>} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Layout>
      </SessionProvider>
    </BrowserRouter>
  );
}
