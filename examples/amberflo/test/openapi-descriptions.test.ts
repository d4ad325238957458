import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

type Json = Record<string, any>;

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const ARAZZO_FILE = here('../arazzo/launch-usage-based-product.arazzo.yaml');
const FILES = {
  metering: here('../openapi/amberflo-metering-openapi.yaml'),
  billing: here('../openapi/amberflo-billing-openapi.yaml'),
} as const;
const documents: Record<keyof typeof FILES, Json> = {
  metering: parse(readFileSync(FILES.metering, 'utf8')) as Json,
  billing: parse(readFileSync(FILES.billing, 'utf8')) as Json,
};

const EXPECTED_OPERATIONS = {
  metering: [
    'listMeterDefinitions',
    'createMeterDefinition',
    'getMeterDefinitionById',
    'updateMeterDefinition',
    'deleteMeterDefinition',
    'ingestMeterEvents',
    'queryUsage',
    'listFilteringRules',
    'createFilteringRule',
  ],
  billing: [
    'listCustomers',
    'createCustomer',
    'getCustomerById',
    'updateCustomer',
    'deleteCustomer',
    'assignPricingPlan',
    'createPrepaidOrder',
    'listInvoices',
  ],
} as const;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

interface FoundOperation {
  path: string;
  method: string;
  pathItem: Json;
  operation: Json;
}

function operationsOf(document: Json): FoundOperation[] {
  return Object.entries(document['paths'] as Json).flatMap(([path, pathItem]) =>
    METHODS.filter((method) => pathItem[method]).map((method) => ({ path, method, pathItem, operation: pathItem[method] })),
  );
}

function resolvePointer(document: Json, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, token) => (node as Json | undefined)?.[token], document);
}

function resolve(document: Json, value: Json): Json {
  return typeof value['$ref'] === 'string' ? (resolvePointer(document, value['$ref']) as Json) : value;
}

function collectRefs(value: unknown, at: string, found: Array<{ at: string; ref: string }>): void {
  if (Array.isArray(value)) value.forEach((item, index) => collectRefs(item, `${at}/${index}`, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') found.push({ at, ref: child });
      else collectRefs(child, `${at}/${key}`, found);
    }
  }
}

describe.each(Object.keys(FILES) as Array<keyof typeof FILES>)('the %s OpenAPI description', (name) => {
  const document = documents[name];

  it('is an OpenAPI 3 document served from https://app.amberflo.io', () => {
    expect(document['openapi']).toMatch(/^3\.\d+\.\d+$/);
    expect(typeof document['info']?.title).toBe('string');
    expect(typeof document['info']?.version).toBe('string');
    expect(document['servers']?.[0]?.url).toBe('https://app.amberflo.io');
  });

  it('secures every operation with the X-API-KEY apiKey scheme', () => {
    expect(document['components'].securitySchemes.ApiKeyAuth).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-KEY' });
    expect(document['security']).toEqual([{ ApiKeyAuth: [] }]);
    for (const { operation } of operationsOf(document)) expect(operation.security).toBeUndefined();
  });

  it('holds exactly its share of the 17 operationIds, each once', () => {
    const ids = operationsOf(document).map(({ operation }) => operation.operationId as string);
    expect([...ids].sort()).toEqual([...EXPECTED_OPERATIONS[name]].sort());
  });

  it('describes success, 401 and (with a body or query) 400 answers, errors as ErrorResponse', () => {
    for (const { path, method, pathItem, operation } of operationsOf(document)) {
      const where = `${method.toUpperCase()} ${path}`;
      const responses = operation.responses as Json;
      expect(responses['200'], where).toBeDefined();
      expect(responses['401'], where).toBeDefined();
      const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p: Json) => resolve(document, p));
      if (operation.requestBody || parameters.some((p) => p['in'] === 'query' && p['required'])) {
        expect(responses['400'], where).toBeDefined();
      }
      for (const [status, response] of Object.entries(responses)) {
        if (!status.startsWith('2')) {
          expect(resolve(document, response as Json)['content']['application/json'].schema, `${where} ${status}`).toEqual({
            $ref: '#/components/schemas/ErrorResponse',
          });
        }
      }
    }
  });

  it('declares every path template variable as a required path parameter', () => {
    for (const { path, pathItem, operation } of operationsOf(document)) {
      const variables = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      const declared = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]
        .map((p: Json) => resolve(document, p))
        .filter((p) => p['in'] === 'path');
      expect(declared.map((p) => p['name']).sort(), path).toEqual([...variables].sort());
      for (const parameter of declared) expect(parameter['required'], path).toBe(true);
    }
  });

  it('has only local $refs, and every one resolves', () => {
    const refs: Array<{ at: string; ref: string }> = [];
    collectRefs(document, '', refs);
    expect(refs.length).toBeGreaterThan(10);
    for (const { at, ref } of refs) {
      expect(ref, at).toMatch(/^#\//);
      expect(resolvePointer(document, ref), `${at}: ${ref}`).toBeDefined();
    }
  });
});

describe('the reference Arazzo workflow against these descriptions', () => {
  const arazzo = parse(readFileSync(ARAZZO_FILE, 'utf8')) as Json;
  const sources = (arazzo['sourceDescriptions'] as Json[]).map((source) => ({
    name: source['name'] as string,
    document: parse(readFileSync(fileURLToPath(new URL(source['url'] as string, new URL(`file://${ARAZZO_FILE}`))), 'utf8')) as Json,
  }));
  const steps = (arazzo['workflows'] as Json[]).flatMap((workflow) => workflow['steps'] as Json[]);

  it('names sources that are these two files', () => {
    expect(sources.map((source) => source.document['info'].title)).toEqual([
      documents.metering['info'].title,
      documents.billing['info'].title,
    ]);
  });

  it('resolves each step operationId in exactly one source', () => {
    expect(steps.map((step) => step['operationId'])).toEqual([
      'createMeterDefinition',
      'createCustomer',
      'assignPricingPlan',
      'ingestMeterEvents',
    ]);
    for (const step of steps) {
      const owners = sources.filter((source) =>
        operationsOf(source.document).some(({ operation }) => operation.operationId === step['operationId']),
      );
      expect(owners.map((owner) => owner.name), step['stepId']).toHaveLength(1);
    }
  });

  it("sends payloads whose members are the request schema's properties, with every required one", () => {
    for (const step of steps) {
      const source = sources.find((candidate) =>
        operationsOf(candidate.document).some(({ operation }) => operation.operationId === step['operationId']),
      )!;
      const { operation } = operationsOf(source.document).find(({ operation }) => operation.operationId === step['operationId'])!;
      let schema = resolve(source.document, operation.requestBody.content['application/json'].schema);
      if (schema['oneOf']) schema = resolve(source.document, schema['oneOf'][0]);
      const members = Object.keys(step['requestBody'].payload as Json);
      expect(Object.keys(schema['properties']), step['stepId']).toEqual(expect.arrayContaining(members));
      expect(members, step['stepId']).toEqual(expect.arrayContaining(schema['required'] as string[]));
    }
  });
});
