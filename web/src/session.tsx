import { createContext, ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { api, API_BASE, ApiError, onSessionEnd } from './api';

export type Role = 'opdrachtgever' | 'screener' | 'auditor' | 'beheerder' | 'griffier' | 'kandidaat';

/** What the page frame shows of the signed-in official's organisation (its beheerder sets it under Instellingen). */
export interface OrganisationFrame {
  id: string;
  name: string;
  kind: string;
  hasLogo: boolean;
  links: { contactUrl: string | null; contactEmail: string | null; privacyStatementUrl: string | null; accessibilityStatementUrl: string | null };
}

export type Session =
  | { kind: 'user'; id: string; name: string; email: string; roles: Role[]; organisation: OrganisationFrame; expiresAt: string | null; viaProvider: boolean }
  | { kind: 'candidate'; caseId: string; roles: ['kandidaat']; expiresAt: string | null };

/** Activity renews the session when less than this is left (the service renews past half its lifetime). */
const RENEW_WHEN_LEFT_MS = 25 * 60_000;
/** An idle session warns this long before it ends (WCAG 2.2.1: time to extend it). */
export const WARN_WHEN_LEFT_MS = 2 * 60_000;

interface SessionState {
  /** undefined while loading, null when nobody is signed in. */
  session: Session | null | undefined;
  /** Set when the service ended the session (expired): the sign-in page says so. */
  expired: boolean;
  /** Set after signing out, so the sign-in page can confirm it. */
  signedOut: boolean;
  signIn(email: string, password: string): Promise<void>;
  signInWithCode(code: string): Promise<void>;
  signOut(): Promise<void>;
  /** Reads the session again, e.g. after the organisation's name, logo or links changed. */
  refresh(): Promise<void>;
  /** Milliseconds until the session ends, updated every few seconds; null when unknown. */
  timeLeft: number | null;
  extend(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);
  const [signedOut, setSignedOut] = useState(false);

  const load = useCallback(async () => {
    try {
      setSession(await api.get<Session>('/auth/session'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setSession(null);
      else throw error;
    }
  }, []);

  const [now, setNow] = useState(() => Date.now());
  const expiresAt = session?.expiresAt ? Date.parse(session.expiresAt) : null;
  const timeLeft = expiresAt === null ? null : Math.max(0, expiresAt - now);

  useEffect(() => {
    if (expiresAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(timer);
  }, [expiresAt]);

  // Someone at work keeps the session: a click or key press near the end renews it, at most once a minute.
  useEffect(() => {
    if (expiresAt === null) return;
    let last = 0;
    const onActivity = () => {
      if (expiresAt - Date.now() > RENEW_WHEN_LEFT_MS || Date.now() - last < 60_000) return;
      last = Date.now();
      void load();
    };
    window.addEventListener('click', onActivity);
    window.addEventListener('keydown', onActivity);
    return () => {
      window.removeEventListener('click', onActivity);
      window.removeEventListener('keydown', onActivity);
    };
  }, [expiresAt, load]);

  useEffect(() => {
    void load();
    return onSessionEnd(() => {
      setSession((current) => {
        if (current) setExpired(true);
        return null;
      });
    });
  }, [load]);

  const value: SessionState = {
    session,
    expired,
    signedOut,
    timeLeft,
    extend: load,
    async signIn(email, password) {
      await api.post('/auth/session', { email, password });
      setExpired(false);
      setSignedOut(false);
      await load();
    },
    async signInWithCode(code) {
      await api.post('/auth/invitation/session', { code });
      setExpired(false);
      setSignedOut(false);
      await load();
    },
    refresh: load,
    async signOut() {
      const atProvider = session?.kind === 'user' && session.viaProvider;
      try {
        await api.delete('/auth/session');
        // Signed in through the organisation: end that session too; the provider sends the person back to /inloggen.
        if (atProvider) window.location.assign(`${API_BASE}/auth/oidc/logout`);
      } finally {
        setExpired(false);
        setSignedOut(true);
        setSession(null);
      }
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

export const hasRole = (session: Session | null | undefined, role: Role): boolean => !!session && (session.roles as Role[]).includes(role);
