import type { CredentialStore } from './credential-store.js';
import type { CredentialEntry } from './types.js';
import type { SchemeUse, SecurityPlan } from './security-plan.js';
import { clientCredentialsToken, discoverTokenUrl, type TokenTransport } from './access-tokens.js';
import { isRecord } from '@loom/expressions/internal';

/** Where a credential goes on the request. */
export type CredentialLocation = 'header' | 'query' | 'cookie';

/** What the request already carries (the step's own parameters, D74: they win over a scheme). */
export interface RequestSoFar {
  has(location: CredentialLocation, name: string): boolean;
  /** The request's URL: a relative `tokenUrl` is resolved against it. */
  readonly url: string;
}

/** Credentials to add to a request, and how to drop a refused OAuth2 token (D76). */
export interface AppliedSecurity {
  readonly headers: [name: string, value: string][];
  readonly query: [name: string, value: string][];
  readonly cookies: [name: string, value: string][];
  /** Set when an OAuth2 / OpenID Connect token was fetched for this request: forgets it after a 401. */
  readonly invalidate?: () => void;
}

export interface SecurityEnvironment {
  readonly store: CredentialStore;
  readonly transport: TokenTransport;
  /** Evaluates `x-security` values (D77). */
  readonly evaluate: (values: SchemeUse['values'] & object) => Record<string, unknown>;
}

/**
 * DECISIONS D74: the credentials of the first requirement whose schemes all have theirs (or whose
 * header, query parameter or cookie the step sets itself), then those of `x-security` (D77). A
 * requirement none of whose alternatives can be met sends the request as the step builds it.
 */
export async function applySecurity(plan: SecurityPlan, request: RequestSoFar, environment: SecurityEnvironment): Promise<{ ok: true; applied: AppliedSecurity } | { ok: false; reason: string }> {
  if (plan.problem !== undefined) return { ok: false, reason: `cannot build the request: ${plan.problem}` };
  const applied = { headers: [], query: [], cookies: [] } as { -readonly [K in keyof AppliedSecurity]: AppliedSecurity[K] };
  const uses: [SchemeUse, CredentialEntry][] = [];
  for (const requirement of plan.requirements) {
    const entries = requirement.map((use) => [use, entryFor(use, environment)] as [SchemeUse, CredentialEntry | undefined]);
    // A scheme that needs no field (mutualTLS: the transport's client certificate) is met without an entry.
    if (entries.every(([use, entry]) => setByRequest(use, request) || isComplete(use, entry ?? {}))) {
      for (const [use, entry] of entries) if (entry !== undefined && !setByRequest(use, request)) uses.push([use, entry]);
      break;
    }
  }
  for (const use of plan.extensions) {
    const entry = entryFor(use, environment);
    if (entry !== undefined && !setByRequest(use, request) && isComplete(use, entry)) uses.push([use, entry]);
  }
  for (const [use, entry] of uses) {
    const failure = await applyScheme(use, entry, applied, environment.transport, request.url);
    if (failure !== undefined) return { ok: false, reason: failure };
  }
  return { ok: true, applied };
}

function entryFor(use: SchemeUse, environment: SecurityEnvironment): CredentialEntry | undefined {
  if (use.values !== undefined) {
    const given = fromValues(environment.evaluate(use.values));
    // DECISIONS D60: values that give no credential (inputs not given) leave a scheme of the source to the credential store.
    if (isComplete(use, given) || use.inline === true) return given;
  }
  return environment.store.lookup(use.source, use.name)?.entry;
}

/** DECISIONS D77: Respect's value names; `accessToken` is a ready OAuth2 token. */
function fromValues(values: Record<string, unknown>): CredentialEntry {
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  };
  const entry: Record<string, string> = {};
  const pairs: [keyof CredentialEntry, string | undefined][] = [
    ['apiKey', text('apiKey')],
    ['username', text('username')],
    ['password', text('password')],
    ['token', text('token') ?? text('accessToken')],
    ['clientId', text('clientId')],
    ['clientSecret', text('clientSecret')],
  ];
  for (const [field, value] of pairs) if (value !== undefined) entry[field] = value;
  return entry;
}

/** Where a scheme puts its credential: an apiKey's parameter, else the Authorization header. */
export function schemeTarget(use: Pick<SchemeUse, 'scheme'>): { location: CredentialLocation; name: string } | undefined {
  const { scheme } = use;
  if (scheme['type'] === 'apiKey') {
    const location = scheme['in'];
    const name = scheme['name'];
    if ((location === 'header' || location === 'query' || location === 'cookie') && typeof name === 'string' && name !== '') return { location, name };
    return undefined;
  }
  if (scheme['type'] === 'http' || scheme['type'] === 'oauth2' || scheme['type'] === 'openIdConnect') return { location: 'header', name: 'Authorization' };
  return undefined;
}

/** Whether a parameter in `location` named `name` is where a scheme puts its credential (header names ignore case). */
export function carriesScheme(place: { readonly location: CredentialLocation; readonly name: string }, location: string, name: string): boolean {
  return place.location === location && (location === 'header' ? name.toLowerCase() === place.name.toLowerCase() : name === place.name);
}

function setByRequest(use: SchemeUse, request: RequestSoFar): boolean {
  const target = schemeTarget(use);
  return target !== undefined && request.has(target.location, target.name);
}

/** The credential fields a scheme needs (D74), as alternatives; `[]` for schemes Loom applies with nothing (mutualTLS). */
export function requiredFields(scheme: SchemeUse['scheme']): readonly (readonly (keyof CredentialEntry)[])[] | undefined {
  switch (scheme['type']) {
    case 'apiKey':
      return schemeTarget({ scheme }) === undefined ? undefined : [['apiKey']];
    case 'http': {
      const kind = String(scheme['scheme']).toLowerCase();
      if (kind === 'basic') return [['username', 'password']];
      if (kind === 'bearer') return [['token']];
      return undefined;
    }
    case 'oauth2':
      return clientCredentialsTokenUrl(scheme) === undefined ? [['token']] : [['token'], ['clientId', 'clientSecret']];
    case 'openIdConnect':
      return typeof scheme['openIdConnectUrl'] === 'string' ? [['token'], ['clientId', 'clientSecret']] : [['token']];
    case 'mutualTLS':
      // The client certificate is the transport's (--client-cert); nothing to add to the request.
      return [[]];
    default:
      return undefined;
  }
}

/** Whether `entry` has every field of one of the scheme's alternatives (D74). */
export function isComplete(use: Pick<SchemeUse, 'scheme'>, entry: CredentialEntry): boolean {
  const alternatives = requiredFields(use.scheme);
  return alternatives !== undefined && alternatives.some((fields) => fields.every((field) => entry[field] !== undefined));
}

function clientCredentialsTokenUrl(scheme: SchemeUse['scheme']): string | undefined {
  const flows = scheme['flows'];
  const flow = isRecord(flows) ? flows['clientCredentials'] : undefined;
  const tokenUrl = isRecord(flow) ? flow['tokenUrl'] : undefined;
  return typeof tokenUrl === 'string' && tokenUrl !== '' ? tokenUrl : undefined;
}

/** DECISIONS D76: the requirement's scopes, else every scope the client credentials flow declares. */
function scopesFor(use: SchemeUse): readonly string[] {
  if (use.scopes.length > 0) return use.scopes;
  const flows = use.scheme['flows'];
  const flow = isRecord(flows) ? flows['clientCredentials'] : undefined;
  const scopes = isRecord(flow) ? flow['scopes'] : undefined;
  return isRecord(scopes) ? Object.keys(scopes) : [];
}

async function applyScheme(
  use: SchemeUse,
  entry: CredentialEntry,
  applied: { headers: [string, string][]; query: [string, string][]; cookies: [string, string][]; invalidate?: () => void },
  transport: TokenTransport,
  requestUrl: string,
): Promise<string | undefined> {
  const { scheme } = use;
  const put = (location: CredentialLocation, name: string, value: string): void => {
    // Two schemes of one requirement for the same place: the first one's credential is sent.
    const list = location === 'header' ? applied.headers : location === 'query' ? applied.query : applied.cookies;
    if (list.some(([existing]) => (location === 'header' ? existing.toLowerCase() === name.toLowerCase() : existing === name))) return;
    list.push([name, value]);
  };
  for (const value of Object.values(entry)) if (typeof value === 'string') transport.onSecret(value);
  switch (scheme['type']) {
    case 'apiKey': {
      const target = schemeTarget(use)!;
      put(target.location, target.name, entry.apiKey!);
      return undefined;
    }
    case 'http': {
      if (String(scheme['scheme']).toLowerCase() === 'basic') {
        const encoded = Buffer.from(`${entry.username!}:${entry.password!}`).toString('base64');
        transport.onSecret(encoded);
        put('header', 'Authorization', `Basic ${encoded}`);
      } else put('header', 'Authorization', `Bearer ${entry.token!}`);
      return undefined;
    }
    case 'oauth2':
    case 'openIdConnect': {
      if (entry.token !== undefined) {
        put('header', 'Authorization', `Bearer ${entry.token}`);
        return undefined;
      }
      let tokenUrl = clientCredentialsTokenUrl(scheme);
      if (scheme['type'] === 'openIdConnect') {
        const discovery = await discoverTokenUrl(String(scheme['openIdConnectUrl']), transport);
        if (!discovery.ok) return `security scheme ${use.name}: ${discovery.reason}`;
        tokenUrl = discovery.tokenUrl;
      }
      let absoluteTokenUrl: string;
      try {
        absoluteTokenUrl = new URL(tokenUrl!, requestUrl).href;
      } catch {
        return `security scheme ${use.name}: its tokenUrl '${tokenUrl!}' is not a URL`;
      }
      const token = await clientCredentialsToken({ tokenUrl: absoluteTokenUrl, clientId: entry.clientId!, clientSecret: entry.clientSecret!, scopes: scopesFor(use) }, transport);
      if (!token.ok) return `security scheme ${use.name}: ${token.reason}`;
      put('header', 'Authorization', `Bearer ${token.token}`);
      const previous = applied.invalidate;
      applied.invalidate = previous === undefined ? token.invalidate : () => (previous(), token.invalidate());
      return undefined;
    }
    default:
      return undefined;
  }
}
