import { describe, expect, it } from 'vitest';
import { allowHostProblem, hostAllowed } from '../../src/sources/index.js';

describe('hostAllowed (DECISIONS D36)', () => {
  const cases: [url: string, allowHosts: string[], allowed: boolean][] = [
    ['https://api.example.com/openapi.yaml', ['api.example.com'], true],
    ['https://API.Example.com/openapi.yaml', ['api.example.COM'], true],
    ['https://api.example.com./openapi.yaml', ['api.example.com'], true],
    ['https://api.example.com/openapi.yaml', ['api.example.com.'], true],
    ['https://api.example.com:8443/x', ['api.example.com'], true],
    ['https://api.example.com:8443/x', ['api.example.com:8443'], true],
    ['https://api.example.com:8443/x', ['api.example.com:443'], false],
    ['https://api.example.com/x', ['api.example.com:443'], true],
    ['http://api.example.com/x', ['api.example.com:80'], true],
    ['https://api.example.com/x', ['example.com'], false],
    ['https://evil-example.com/x', ['example.com'], false],
    ['https://example.com.evil.net/x', ['example.com'], false],
    ['http://127.0.0.1:4010/x', ['127.0.0.1'], true],
    ['http://localhost:4010/x', ['127.0.0.1'], false],
    ['http://[::1]:4010/x', ['::1'], true],
    ['http://[::1]:4010/x', ['[::1]:4010'], true],
    ['http://127.0.0.1/x', [], false],
    ['http://127.0.0.1/x', ['127.1'], true],
    ['https://xn--bcher-kva.example/x', ['bücher.example'], true],
    ['https://api.example.com/x', ['nope', 'api.example.com'], true],
  ];
  it.each(cases)('D36: %s with %j -> %s', (url, allowHosts, allowed) => {
    expect(hostAllowed(new URL(url), allowHosts)).toBe(allowed);
  });

  it('D36: a URL, a path or an empty string is not a host', () => {
    expect(allowHostProblem('api.example.com')).toBeUndefined();
    expect(allowHostProblem('127.0.0.1:8080')).toBeUndefined();
    expect(allowHostProblem('https://api.example.com')).toMatch(/not a host name/);
    expect(allowHostProblem('api.example.com/v1')).toMatch(/not a host name/);
    expect(allowHostProblem('user@host')).toMatch(/not a host name/);
    expect(allowHostProblem(' ')).toBe('an empty host');
    expect(allowHostProblem('exa mple.com')).toMatch(/not a host name/);
    expect(allowHostProblem('host:notaport')).toMatch(/not a host name/);
  });
});
