// The analyst's session: the pasted token lives in sessionStorage (gone when the tab closes, never in
// localStorage or a cookie), and is read for every request and the live connection.
const KEY = 'fraud-console.token';

export interface TokenClaims {
  readonly sub?: string;
  readonly role?: string;
  readonly exp?: number;
}

export const storedToken = (): string | null => sessionStorage.getItem(KEY);

export function signIn(token: string): void {
  sessionStorage.setItem(KEY, token.replace(/^Bearer\s+/i, '').trim());
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}

/**
 * Reads a JWT's claims without verifying it: only to refuse an obviously wrong paste (not a JWT,
 * expired) before asking the server, which alone decides what the token is worth.
 */
export function readClaims(token: string): TokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const claims: unknown = JSON.parse(atob(parts[1].replace(/-/g, '+').replace(/_/g, '/')));
    return claims && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}

/** Why a pasted token cannot work, or null when it is worth sending to the server. */
export function tokenProblem(token: string, now: number = Date.now()): string | null {
  const trimmed = token.replace(/^Bearer\s+/i, '').trim();
  if (trimmed === '') return 'Paste a token: `npm run token -- --user <you> --role analyst` prints one.';
  const claims = readClaims(trimmed);
  if (!claims) return 'This is not a JWT (three base64url parts separated by dots): paste the whole token.';
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= now) {
    return 'This token has expired: get a new one (`npm run token`) and paste it again.';
  }
  return null;
}
