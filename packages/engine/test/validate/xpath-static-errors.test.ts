import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocument } from '@loom/engine';

describe('validation of xpath criteria', () => {
  it('a document that uses XPath gets its static XPath errors reported at their line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loom-xpath-'));
    await writeFile(join(dir, 'api.yaml'), "openapi: 3.1.0\ninfo: { title: a, version: 1 }\npaths:\n  /x: { get: { operationId: op, responses: { '200': { description: ok } } } }\n");
    await writeFile(
      join(dir, 'flow.arazzo.yaml'),
      [
        'arazzo: 1.0.1',
        'info: { title: x, version: 1.0.0 }',
        'sourceDescriptions:',
        '  - { name: api, url: ./api.yaml, type: openapi }',
        'workflows:',
        '  - workflowId: w',
        '    steps:',
        '      - stepId: s',
        '        operationId: op',
        '        successCriteria:',
        '          - { context: $response.body, condition: "count(/feed/item) >", type: xpath }',
        '          - { context: $response.body, condition: "/feed/item[1]/title = \'x\'", type: xpath }',
        '',
      ].join('\n'),
    );
    const loaded = await loadDocument(join(dir, 'flow.arazzo.yaml'));
    const errors = loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    expect(errors.map((diagnostic) => [diagnostic.code, diagnostic.range?.start.line])).toEqual([['criterion-invalid-xpath', 11]]);
    expect(errors[0]!.message).toMatch(/^invalid XPath 3\.1 at column 20: XPST0003/);
  });
});
