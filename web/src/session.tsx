import { createContext, ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { api, ApiError, onSessionEnd } from './api';

export type Role = 'opdrachtgever' | 'screener' | 'auditor' | 'beheerder' | 'kandidaat';

export type Session =
  | { kind: 'user'; id: string; name: string; email: string; roles: Role[]; organisation: { id: string; name: string; kind: string } }
  | { kind: 'candidate'; caseId: string; roles: ['kandidaat'] };

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
    async signOut() {
      await api.delete('/auth/session');
      setExpired(false);
      setSignedOut(true);
      setSession(null);
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
