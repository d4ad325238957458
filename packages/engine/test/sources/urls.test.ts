import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { displayUrl, resolveUrl, toDocumentUrl } from '../../src/sources/index.js';
import { LoomError } from '../../src/errors.js';

const cwd = '/home/user/project';

describe('toDocumentUrl', () => {
  it('turns a relative path into a file: URL against cwd', () => {
    expect(toDocumentUrl('specs/pets.arazzo.yaml', cwd)).toBe('file:///home/user/project/specs/pets.arazzo.yaml');
    expect(toDocumentUrl('./a/../b.yaml', cwd)).toBe('file:///home/user/project/b.yaml');
  });

  it('keeps an absolute path and percent-encodes what a URL cannot hold', () => {
    expect(toDocumentUrl('/tmp/my specs/#1.yaml', cwd)).toBe('file:///tmp/my%20specs/%231.yaml');
  });

  it('keeps http(s) and file URLs', () => {
    expect(toDocumentUrl('https://example.com/api/openapi.yaml', cwd)).toBe('https://example.com/api/openapi.yaml');
    expect(toDocumentUrl('file:///tmp/x.yaml', cwd)).toBe('file:///tmp/x.yaml');
  });

  it('reports a malformed URL as a LoomError, not a TypeError', () => {
    expect(() => toDocumentUrl('http://[bad', cwd)).toThrowError(LoomError);
    expect(() => toDocumentUrl('http://[bad', cwd)).toThrowError(/not a valid URL/);
  });
});

describe('resolveUrl (Arazzo 1.0.1 §Relative References in URLs)', () => {
  it('resolves against a file: document', () => {
    const base = 'file:///home/user/project/specs/pets.arazzo.yaml';
    expect(resolveUrl('./openapi.yaml', base)).toBe('file:///home/user/project/specs/openapi.yaml');
    expect(resolveUrl('../shared/common.yaml#/components/schemas/X', base)).toBe('file:///home/user/project/shared/common.yaml#/components/schemas/X');
    expect(resolveUrl('#/components/schemas/X', base)).toBe('file:///home/user/project/specs/pets.arazzo.yaml#/components/schemas/X');
  });

  it('resolves against an http(s) document, including absolute-path and network-path references', () => {
    const base = 'https://example.com/apis/v1/arazzo.yaml?ref=main';
    expect(resolveUrl('openapi.yaml', base)).toBe('https://example.com/apis/v1/openapi.yaml');
    expect(resolveUrl('/root.yaml', base)).toBe('https://example.com/root.yaml');
    expect(resolveUrl('//cdn.example.org/x.yaml', base)).toBe('https://cdn.example.org/x.yaml');
    expect(resolveUrl('https://other.example.com/o.json', base)).toBe('https://other.example.com/o.json');
  });
});

describe('displayUrl', () => {
  it('shows a file inside cwd as a relative path, outside as an absolute path', () => {
    expect(displayUrl(pathToFileURL(join(cwd, 'specs', 'x.yaml')).href, cwd)).toBe(join('specs', 'x.yaml'));
    expect(displayUrl('file:///etc/x.yaml', cwd)).toBe('/etc/x.yaml');
    expect(displayUrl('file:///home/user/project/my%20specs/x.yaml#/paths/~1pets', cwd)).toBe('my specs/x.yaml#/paths/~1pets');
  });

  it('masks a password in an http URL (D21)', () => {
    expect(displayUrl('https://me:hunter2@example.com/o.yaml', cwd)).toBe('https://me:***@example.com/o.yaml');
    expect(displayUrl('https://example.com/o.yaml', cwd)).toBe('https://example.com/o.yaml');
  });
});
