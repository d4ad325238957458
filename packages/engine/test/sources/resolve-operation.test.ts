import { beforeAll, describe, expect, it } from 'vitest';
import { loadOpenApiSource, resolveOperationReference, type OpenApiSource } from '../../src/sources/index.js';

const fixtures = new URL('../fixtures/openapi/', import.meta.url);
const specExamples = new URL('../../../../examples/spec/', import.meta.url);

async function load(name: string, url: URL): Promise<OpenApiSource> {
  const { source } = await loadOpenApiSource(name, url.href);
  if (!source) throw new Error(`fixture ${url.href} did not load`);
  return source;
}

let pets: OpenApiSource;
let other: OpenApiSource;
let coupons: OpenApiSource;
let fapi: OpenApiSource;
beforeAll(async () => {
  [pets, other, coupons, fapi] = await Promise.all([
    load('pets', new URL('refs/main.yaml', fixtures)),
    load('other', new URL('other-pets.json', fixtures)),
    load('petStore', new URL('pet-coupons.openapi.yaml', specExamples)),
    load('auth-api', new URL('FAPI-PAR.openapi.yaml', specExamples)),
  ]);
});

const one = () => new Map([['pets', pets]]);
const two = () => new Map([['pets', pets], ['other', other]]);

describe('resolveOperationReference: operationId', () => {
  it('a bare operationId with a single OpenAPI source resolves without a warning', () => {
    const result = resolveOperationReference({ operationId: 'getPet' }, one(), ['pets']);
    expect(result.error).toBeUndefined();
    expect(result.operation).toMatchObject({ sourceName: 'pets', path: '/pets/{petId}', method: 'get' });
    expect('warning' in result && result.warning).toBeFalsy();
  });

  it('an arazzo source next to one OpenAPI source does not make a bare operationId ambiguous', () => {
    const result = resolveOperationReference({ operationId: 'updatePet' }, one(), ['pets', 'sharedFlows']);
    expect(result.operation?.method).toBe('put');
    expect(result.operation && result.warning).toBeUndefined();
  });

  it('a qualified operationId resolves in the named source', () => {
    const result = resolveOperationReference({ operationId: '$sourceDescriptions.other.getPet' }, two(), ['pets', 'other']);
    expect(result.operation).toMatchObject({ sourceName: 'other', path: '/pets/{petId}' });
  });

  it('a bare operationId unique across several OpenAPI sources resolves with an operation-unqualified warning, whose fix qualifies it', () => {
    const result = resolveOperationReference({ operationId: 'listToys' }, two(), ['pets', 'other']);
    expect(result.operation?.sourceName).toBe('other');
    expect(result.operation && result.warning).toEqual({
      code: 'operation-unqualified',
      message: "operationId 'listToys' should name its source when there are several OpenAPI source descriptions (Arazzo 1.0.1 §Step Object): write $sourceDescriptions.other.listToys",
      fix: { description: 'write $sourceDescriptions.other.listToys', start: 0, end: 8, text: '$sourceDescriptions.other.listToys' },
    });
  });

  it('a bare operationId in two sources is operation-ambiguous, showing both qualified forms', () => {
    const result = resolveOperationReference({ operationId: 'getPet' }, two(), ['pets', 'other']);
    expect(result.error).toEqual({
      code: 'operation-ambiguous',
      message: "operationId 'getPet' is defined in several source descriptions ('pets', 'other'): write $sourceDescriptions.pets.getPet or $sourceDescriptions.other.getPet",
    });
  });

  it('an unknown operationId is operation-unresolved, naming what was looked for and the nearest id', () => {
    const result = resolveOperationReference({ operationId: 'getPett' }, one(), ['pets']);
    expect(result.error).toEqual({ code: 'operation-unresolved', message: "operationId 'getPett' is not defined in source description 'pets'; did you mean 'getPet'?" });
    const far = resolveOperationReference({ operationId: 'launchRocket' }, two(), ['pets', 'other']);
    expect(far.error).toEqual({ code: 'operation-unresolved', message: "operationId 'launchRocket' is not defined in any source description ('pets', 'other')" });
  });

  it('the FAPI-PAR example names PAR where its OpenAPI says Par: unresolved, with the suggestion', () => {
    const result = resolveOperationReference({ operationId: '$sourceDescriptions.auth-api.PAR' }, new Map([['auth-api', fapi]]), ['auth-api']);
    expect(result.error).toEqual({ code: 'operation-unresolved', message: "operationId 'PAR' is not defined in source description 'auth-api'; did you mean 'Par'?" });
    expect(resolveOperationReference({ operationId: '$sourceDescriptions.auth-api.Token' }, new Map([['auth-api', fapi]]), ['auth-api']).operation?.path).toBe('/as/token.oauth2');
  });

  it('a qualified operationId in the wrong source says where it is', () => {
    const result = resolveOperationReference({ operationId: '$sourceDescriptions.pets.listToys' }, two(), ['pets', 'other']);
    expect(result.error).toEqual({
      code: 'operation-unresolved',
      message: "operationId 'listToys' is not defined in source description 'pets'; it is in 'other': write $sourceDescriptions.other.listToys",
    });
  });

  it('$sourceDescriptions.<name> naming no source, or an arazzo source, is operation-source-unknown', () => {
    const typo = resolveOperationReference({ operationId: '$sourceDescriptions.pet.getPet' }, two(), ['pets', 'other']);
    expect(typo.error).toEqual({ code: 'operation-source-unknown', message: "'$sourceDescriptions.pet' names no source description; did you mean 'pets'?" });
    const none = resolveOperationReference({ operationId: '$sourceDescriptions.zzzzzz.getPet' }, two(), ['pets', 'other']);
    expect(none.error?.message).toBe("'$sourceDescriptions.zzzzzz' names no source description (the source descriptions are 'pets', 'other')");
    const arazzo = resolveOperationReference({ operationId: '$sourceDescriptions.flows.getPet' }, two(), ['pets', 'other', 'flows']);
    expect(arazzo.error).toEqual({ code: 'operation-source-unknown', message: "'$sourceDescriptions.flows' is not an OpenAPI source description; operations come from openapi sources ('pets', 'other')" });
  });

  it('an operationId containing dots is split after the source name', () => {
    const withDots = new Map([['pets', pets], ['petStore', coupons]]);
    const result = resolveOperationReference({ operationId: '$sourceDescriptions.petStore.find.me' }, withDots, ['pets', 'petStore']);
    expect(result.error?.message).toMatch(/^operationId 'find\.me' is not defined in source description 'petStore'/);
  });
});

describe('resolveOperationReference: operationPath', () => {
  const sources = () => new Map([['petStore', coupons], ['pets', pets]]);
  const names = ['petStore', 'pets'];

  it("resolves the spec's form, with ~1 escapes and {braces} as written", () => {
    const result = resolveOperationReference({ operationPath: '{$sourceDescriptions.petStore.url}#/paths/~1pet~1{petId}/get' }, sources(), names);
    expect(result.operation).toMatchObject({ sourceName: 'petStore', operationId: 'getPetById', method: 'get' });
  });

  it('accepts a percent-encoded fragment (RFC 6901 §6)', () => {
    const result = resolveOperationReference({ operationPath: '{$sourceDescriptions.petStore.url}#/paths/~1pet~1%7BpetId%7D~1coupons/get' }, sources(), names);
    expect(result.operation?.operationId).toBe('getPetCoupons');
  });

  it('resolves an operation whose Path Item came from another file', () => {
    const result = resolveOperationReference({ operationPath: '{$sourceDescriptions.pets.url}#/paths/~1owners/get' }, sources(), names);
    expect(result.operation?.operationId).toBe('listOwners');
  });

  it('a pointer at a Path Item (LoginAndRetrievePets example) is operation-path-not-operation with the fix', () => {
    const result = resolveOperationReference({ operationPath: '{$sourceDescriptions.petStore.url}#/paths/~1pet~1findByStatus' }, sources(), names);
    expect(result.error).toEqual({
      code: 'operation-path-not-operation',
      message:
        "operationPath '{$sourceDescriptions.petStore.url}#/paths/~1pet~1findByStatus' points at a Path Item, not an operation: add the method, e.g. {$sourceDescriptions.petStore.url}#/paths/~1pet~1findByStatus/get",
    });
  });

  it('a pointer at something that is not an operation says so', () => {
    const result = resolveOperationReference({ operationPath: '{$sourceDescriptions.petStore.url}#/components/schemas/Pet' }, sources(), names);
    expect(result.error?.code).toBe('operation-path-not-operation');
    expect(result.error?.message).toMatch(/points at \/components\/schemas\/Pet in 'petStore', which is not an operation/);
  });

  it('a pointer to nothing is operation-path-unresolved, hinting at the escaped form', () => {
    const unescaped = resolveOperationReference({ operationPath: '{$sourceDescriptions.petStore.url}#/paths//pet/{petId}/GET' }, sources(), names);
    expect(unescaped.error).toEqual({
      code: 'operation-path-unresolved',
      message:
        "operationPath '{$sourceDescriptions.petStore.url}#/paths//pet/{petId}/GET' points at nothing in source description 'petStore'; did you mean {$sourceDescriptions.petStore.url}#/paths/~1pet~1{petId}/get? ('/' inside the path is written ~1, and the method in lower case)",
    });
    const missing = resolveOperationReference({ operationPath: '{$sourceDescriptions.petStore.url}#/paths/~1rockets/get' }, sources(), names);
    expect(missing.error?.code).toBe('operation-path-unresolved');
    expect(missing.error?.message).toMatch(/points at nothing in source description 'petStore'/);
  });

  it('an operationPath without the runtime expression, or without a pointer, is operation-path-unresolved', () => {
    const literal = resolveOperationReference({ operationPath: './petstore.yaml#/paths/~1pet/put' }, sources(), names);
    expect(literal.error?.code).toBe('operation-path-unresolved');
    expect(literal.error?.message).toMatch(/does not name a source description: write \{\$sourceDescriptions\.<name>\.url\}#\/paths/);
    const bare = resolveOperationReference({ operationPath: '{$sourceDescriptions.petStore.url}' }, sources(), names);
    expect(bare.error?.message).toMatch(/has no JSON Pointer after '#'/);
  });

  it('an operationPath naming an unknown source is operation-source-unknown', () => {
    const result = resolveOperationReference({ operationPath: '{$sourceDescriptions.petstore.url}#/paths/~1pet/put' }, sources(), names);
    expect(result.error).toEqual({ code: 'operation-source-unknown', message: "'$sourceDescriptions.petstore' names no source description; did you mean 'petStore'?" });
  });

  it('a step naming neither is operation-unresolved', () => {
    expect(resolveOperationReference({}, sources(), names).error?.code).toBe('operation-unresolved');
  });
});

describe('resolveOperationReference: OpenAPI 3.2 and operations that cannot be called', () => {
  let shop: OpenApiSource;
  let broken: OpenApiSource;
  beforeAll(async () => {
    [shop, broken] = await Promise.all([load('shop', new URL('openapi32/api.yaml', fixtures)), load('api', new URL('unused-broken-ref.yaml', fixtures))]);
  });

  it('a query operation and an additionalOperations entry resolve by operationId and by operationPath', () => {
    const sources = new Map([['shop', shop]]);
    expect(resolveOperationReference({ operationId: 'searchItems' }, sources, ['shop']).operation).toMatchObject({ method: 'query', path: '/items' });
    expect(resolveOperationReference({ operationId: '$sourceDescriptions.shop.purgeItems' }, sources, ['shop']).operation).toMatchObject({ method: 'PURGE', path: '/items' });
    expect(resolveOperationReference({ operationPath: '{$sourceDescriptions.shop.url}#/paths/~1items/query' }, sources, ['shop']).operation?.operationId).toBe('searchItems');
    expect(resolveOperationReference({ operationPath: '{$sourceDescriptions.shop.url}#/paths/~1items/additionalOperations/PURGE' }, sources, ['shop']).operation?.operationId).toBe('purgeItems');
  });

  it('D42: naming an operation that holds an unresolvable $ref is operation-ref-unresolved, however it is named', () => {
    const sources = new Map([['api', broken]]);
    for (const reference of [{ operationId: 'brokenDeep' }, { operationId: '$sourceDescriptions.api.brokenDeep' }, { operationPath: '{$sourceDescriptions.api.url}#/paths/~1broken-deep/post' }]) {
      expect(resolveOperationReference(reference, sources, ['api']).error?.code).toBe('operation-ref-unresolved');
    }
    expect(resolveOperationReference({ operationId: 'healthy' }, sources, ['api']).operation?.path).toBe('/healthy');
  });
});
