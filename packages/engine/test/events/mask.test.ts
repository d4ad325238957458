import { describe, expect, it } from 'vitest';
import { createSecretMasker, isSecretHeaderName, maskHeaders, secretInputNames, secretInputValues } from '../../src/events/mask.js';

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
