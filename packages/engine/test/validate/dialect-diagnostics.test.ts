import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocument, type Diagnostic } from '@loom/engine';

const OPENAPI = `openapi: 3.1.0
info: { title: api, version: 1.0.0 }
servers: [{ url: 'http://127.0.0.1:9' }]
paths:
  /tracks/{id}:
    get:
      operationId: getTrack
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: ok } }
`;

// Line numbers below are those of this text (line 1 is `arazzo: 1.0.1`).
const ARAZZO = `arazzo: 1.0.1
info: { title: dialect, version: 1.0.0 }
sourceDescriptions:
  - { name: api, url: ./api.yaml, type: openapi }
workflows:
  - workflowId: w
    inputs:
      type: object
      properties:
        track: { type: object }
        user.email: { type: string }
    steps:
      - stepId: getTrack
        operationPath: $sourceDescriptions.api#/paths/~1tracks~1{id}/get
        parameters:
          - name: id
            in: path
            value: $inputs.track.id
        successCriteria:
          - condition: $response.body#/kind == "track"
          - context: $response.body
            condition: $.artists.length > 0
            type: jsonpath
        outputs:
          artists: $response.body.artists
          owner: '$inputs.user.email'
      - stepId: next
        operationId: getTrack
        parameters:
          - { name: id, in: path, value: "{$steps.getTrack.artists}" }
          - { name: key, in: header, value: $inputs.env.API_KEY }
`;

async function diagnostics(): Promise<Diagnostic[]> {
  const dir = await mkdtemp(join(tmpdir(), 'loom-dialect-'));
  await writeFile(join(dir, 'flow.arazzo.yaml'), ARAZZO);
  await writeFile(join(dir, 'api.yaml'), OPENAPI);
  return [...(await loadDocument(join(dir, 'flow.arazzo.yaml'))).diagnostics];
}

const summary = (d: Diagnostic) => ({ code: d.code, severity: d.severity, path: d.path, line: d.range?.start.line, column: d.range?.start.column, fix: d.fix });

describe('validation of the dialect of real documents (DECISIONS D24)', () => {
  it('D24: each dialect use is a warning at its line and column, with the edit of its string value', async () => {
    const found = (await diagnostics()).filter((d) => d.severity === 'warning').map(summary);
    expect(found).toEqual([
      {
        code: 'operation-path-url', severity: 'warning', path: '/workflows/0/steps/0/operationPath', line: 14, column: 24,
        fix: { description: 'write {$sourceDescriptions.api.url}', start: 0, end: 23, text: '{$sourceDescriptions.api.url}' },
      },
      {
        code: 'expression-dot-path', severity: 'warning', path: '/workflows/0/steps/0/parameters/0/value', line: 18, column: 20,
        fix: { description: 'write $inputs.track#/id', start: 0, end: 16, text: '$inputs.track#/id' },
      },
      {
        code: 'expression-double-quoted-string', severity: 'warning', path: '/workflows/0/steps/0/successCriteria/0/condition', line: 20, column: 48,
        fix: { description: "write 'track'", start: 24, end: 31, text: "'track'" },
      },
      {
        code: 'expression-dot-path', severity: 'warning', path: '/workflows/0/steps/0/outputs/artists', line: 25, column: 20,
        fix: { description: 'write $response.body#/artists', start: 0, end: 22, text: '$response.body#/artists' },
      },
    ]);
    expect(found.map((d) => d.code)).not.toContain('expression-unknown-input');
  });

  it('D24: a missing .outputs., a JSONPath comparison and $inputs.env are errors that say the spec form', async () => {
    const errors = (await diagnostics()).filter((d) => d.severity === 'error');
    expect(errors.map(summary)).toEqual([
      { code: 'criterion-invalid-jsonpath', severity: 'error', path: '/workflows/0/steps/0/successCriteria/1/condition', line: 22, column: 41, fix: undefined },
      {
        code: 'expression-missing-outputs', severity: 'error', path: '/workflows/0/steps/1/parameters/0/value', line: 30, column: 60,
        fix: { description: 'write $steps.getTrack.outputs.artists', start: 1, end: 24, text: '$steps.getTrack.outputs.artists' },
      },
      { code: 'expression-unknown-input', severity: 'error', path: '/workflows/0/steps/1/parameters/1/value', line: 31, column: 45, fix: undefined },
    ]);
    expect(errors[0]!.message).toContain('condition: $response.body.artists.length > 0');
    expect(errors[1]!.message).toContain('did you mean $steps.getTrack.outputs.artists?');
    expect(errors[2]!.message).toContain('--input API_KEY="$API_KEY"');
  });
});
