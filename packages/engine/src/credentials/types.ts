/**
 * Credentials for the security schemes of OpenAPI sources (issue 14): what a caller gives,
 * keyed by source description name, then security scheme name. DECISIONS D74-D77.
 */

/** The values one security scheme of one source can use; which ones it reads depends on its type (D74). */
export interface CredentialEntry {
  /** `apiKey` schemes: the key (env suffix `_KEY`). */
  readonly apiKey?: string;
  /** `http` basic. */
  readonly username?: string;
  /** `http` basic. */
  readonly password?: string;
  /** `http` bearer; for `oauth2` and `openIdConnect`, a ready access token (no token request then). */
  readonly token?: string;
  /** `oauth2` / `openIdConnect` client credentials. */
  readonly clientId?: string;
  /** `oauth2` / `openIdConnect` client credentials. */
  readonly clientSecret?: string;
}

/** By source description name, then security scheme name (DECISIONS D75). */
export type Credentials = Readonly<Record<string, Readonly<Record<string, CredentialEntry>>>>;

/** The fields of a CredentialEntry with the environment variable suffix of each (DECISIONS D75). */
export const CREDENTIAL_FIELDS = [
  ['apiKey', 'KEY'],
  ['username', 'USERNAME'],
  ['password', 'PASSWORD'],
  ['token', 'TOKEN'],
  ['clientId', 'CLIENT_ID'],
  ['clientSecret', 'CLIENT_SECRET'],
] as const satisfies readonly (readonly [CredentialField, string])[];

/** A field of a {@link CredentialEntry}. */
export type CredentialField = 'apiKey' | 'username' | 'password' | 'token' | 'clientId' | 'clientSecret';
