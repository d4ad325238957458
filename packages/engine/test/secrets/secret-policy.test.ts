import { describe, expect, it } from 'vitest';
import { createSecretMasker, isSecretHeaderName, maskHeaders, secretInputNames, secretInputValues } from '../../src/secrets/secret-policy.js';

describe('isSecretHeaderName (D21)', () => {
  it('D21: the named headers, any case', () => {
    for (const name of ['Authorization', 'proxy-authorization', 'COOKIE', 'Set-Cookie']) expect(isSecretHeaderName(name), name).toBe(true);
  });

  it('D21: any name containing api-key, apikey, token or secret', () => {
    for (const name of ['X-API-Key', 'apikey', 'X-Apikey-Id', 'X-Auth-Token', 'x-csrf-token', 'Client-Secret', 'X_API_KEY']) {
      expect(isSecretHeaderName(name), name).toBe(true);
    }
  });

  it('other headers are not secret', () => {
    for (const name of ['Content-Type', 'Accept', 'X-Request-Id', 'Cookie-Policy-Url', 'api-version']) {
      expect(isSecretHeaderName(name), name).toBe(false);
    }
  });
});

describe('maskHeaders (D21)', () => {
  it('D21: returns a copy with secret values replaced, arrays element by element', () => {
    const headers = { Authorization: 'Bearer abc', 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'], 'x-api-key': 'k' };
    expect(maskHeaders(headers)).toEqual({
      Authorization: '****',
      'content-type': 'application/json',
      'set-cookie': ['****', '****'],
      'x-api-key': '****',
    });
    expect(headers.Authorization).toBe('Bearer abc');
  });
});

describe('createSecretMasker (D21)', () => {
  it('D21: replaces every occurrence of each secret', () => {
    const mask = createSecretMasker(['s3cr3t-value', 'hunter22']);
    expect(mask('token=s3cr3t-value and again s3cr3t-value; pw hunter22')).toBe('token=**** and again ****; pw ****');
  });

  it('masks longer secrets first, so a secret containing another is masked whole', () => {
    const mask = createSecretMasker(['abcd', 'abcdefgh']);
    expect(mask('x abcdefgh y abcd')).toBe('x **** y ****');
  });

  it('also masks the percent-encoded and JSON-escaped forms', () => {
    const mask = createSecretMasker(['p@ss word/"x"']);
    expect(mask('GET /login?pw=p%40ss%20word%2F%22x%22')).toBe('GET /login?pw=****');
    expect(mask(JSON.stringify({ pw: 'p@ss word/"x"' }))).toBe('{"pw":"****"}');
  });

  it('treats regex characters in secrets literally', () => {
    const mask = createSecretMasker(['a.b*c(d)']);
    expect(mask('a.b*c(d) axbbbc(d)')).toBe('**** axbbbc(d)');
  });

  it('ignores values shorter than 4 characters (documented choice)', () => {
    const mask = createSecretMasker(['abc', '', 'x']);
    expect(mask('abc x')).toBe('abc x');
  });

  it('with no secrets, text passes unchanged', () => {
    expect(createSecretMasker([])('anything')).toBe('anything');
  });
});

describe('secret inputs (D21)', () => {
  const schema = {
    type: 'object',
    properties: {
      username: { type: 'string' },
      password: { type: 'string', format: 'password' },
      apiKey: { type: 'string', writeOnly: true },
      pin: { type: 'integer', writeOnly: true },
      nested: { type: 'object', properties: { clientSecret: { type: 'string', format: 'password' }, id: { type: 'string' } } },
      tokens: { type: 'array', items: { type: 'string', writeOnly: true } },
    },
  };

  it('D21: names of inputs whose schema says format: password or writeOnly: true', () => {
    expect(secretInputNames(schema)).toEqual(['password', 'apiKey', 'pin']);
    expect(secretInputNames(undefined)).toEqual([]);
    expect(secretInputNames({ properties: 'nonsense' })).toEqual([]);
  });

  it('D21: secret values at any depth, ready for the masker', () => {
    const values = secretInputValues(schema, {
      username: 'alice',
      password: 'pa55word',
      apiKey: 'k-123456',
      pin: 1234,
      nested: { clientSecret: 'cs-abcdef', id: 'public' },
      tokens: ['t-1111', 't-2222'],
    });
    expect(values).toEqual(['pa55word', 'k-123456', '1234', 'cs-abcdef', 't-1111', 't-2222']);
  });
});

describe('createSecretMasker: every form Loom writes (D21)', () => {
  it("D21: the strict RFC 3986 form (! ' ( ) * encoded), allowReserved forms, XML escaping and explanation quoting", async () => {
    const { encodeAllowingReserved, encodeComponent } = await import('../../src/request/percent-encoding.js');
    const secret = "a!b'c(d)e*f <g>&\"h\" i/j?k";
    const mask = createSecretMasker([secret]);
    for (const form of [
      encodeComponent(secret),
      encodeAllowingReserved(secret, 'query'),
      encodeAllowingReserved(secret, 'path'),
      secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
      secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'),
      secret.replace(/'/g, "''"),
    ]) {
      expect(mask(`[${form}]`), form).toBe('[****]');
    }
  });
});

describe('createSecretRegistry (D32)', () => {
  it('D32: secret response headers join: a Set-Cookie value without its attributes, each cookie of a Cookie header, Bearer credentials', async () => {
    const { createSecretRegistry } = await import('../../src/runner/secrets.js');
    const secrets = createSecretRegistry();
    secrets.addSecretHeaders({
      'set-cookie': ['sid=cookie-one-111; Path=/; Domain=example.com; HttpOnly', 'pref=light-mode-2'],
      cookie: 'a=first-cookie-1; b=second-cookie-2',
      authorization: 'Bearer bearer-token-3',
      'content-type': 'application/json',
    });
    expect(secrets.mask('cookie-one-111 light-mode-2 first-cookie-1 second-cookie-2 bearer-token-3')).toBe('**** **** **** **** ****');
    // Attributes and ordinary headers are not secrets.
    expect(secrets.mask('Domain=example.com application/json')).toBe('Domain=example.com application/json');
  });

  it('D32: the string values of secret-named members join, at any depth; numbers and booleans do not', async () => {
    const { createSecretRegistry } = await import('../../src/runner/secrets.js');
    const secrets = createSecretRegistry();
    secrets.addSecretMembers({ user: 'ann', grant: [{ access_token: 'tok-deep-42', expires: 3600 }], password: 'pw-value-9', tokenValid: true });
    expect(secrets.mask('ann tok-deep-42 pw-value-9 3600 true')).toBe('ann **** **** 3600 true');
  });
});
