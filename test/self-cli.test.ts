/**
 * DECISIONS D108 on the command line: `--document <file>` (repeatable) on validate, lint and run provides documents
 * that a source `url` names by their `$self`. Every command here is `--offline`: the identities are on example.com,
 * which is never reached, and the workflow's own requests go to a local server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type LocalServer } from '../packages/engine/test/http/local-server.js';
import { runLoomInProcess } from './support/fake-context.js';
import { runLoom } from './support/run-loom.js';

let scratch = '';
let api: LocalServer;

const ROOT = `arazzo: 1.1.0
info: { title: Checkout, version: '1' }
sourceDescriptions:
  - { name: shared, url: 'https://workflows.example.com/canonical/pets.arazzo.yaml', type: arazzo }
workflows:
  - workflowId: checkout
    steps:
      - stepId: pet
        workflowId: $sourceDescriptions.shared.fetchPet
    outputs:
      id: $steps.pet.outputs.id
`;

/** The shared document as mirrored locally: its relative source resolves against its $self (D107), to the OpenAPI mirror's $self. */
const shared = (self: string) => `arazzo: 1.1.0
$self: ${self}
info: { title: Pets, version: '1' }
sourceDescriptions:
  - { name: pets, url: ./pets.openapi.yaml, type: openapi }
workflows:
  - workflowId: fetchPet
    steps:
      - stepId: get
        operationId: getPet
        successCriteria: [{ condition: $statusCode == 200 }]
        outputs: { id: $response.body#/id }
    outputs:
      id: $steps.get.outputs.id
`;

const PETS = (serverUrl: string) => `openapi: 3.2.0
$self: https://workflows.example.com/canonical/pets.openapi.yaml
info: { title: Pets, version: '1' }
servers: [{ url: '${serverUrl}' }]
paths:
  /pet:
    get:
      operationId: getPet
      responses: { '200': { description: ok } }
`;

beforeAll(async () => {
  api = await startServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"id":42}');
  });
  scratch = mkdtempSync(join(tmpdir(), 'loom-self-cli-'));
  writeFileSync(join(scratch, 'checkout.arazzo.yaml'), ROOT);
  writeFileSync(join(scratch, 'pets-mirror.arazzo.yaml'), shared('https://workflows.example.com/canonical/pets.arazzo.yaml'));
  writeFileSync(join(scratch, 'pets-old.arazzo.yaml'), shared('https://workflows.example.com/canonical/pets.arazzo.yaml'));
  writeFileSync(join(scratch, 'pets-openapi-mirror.yaml'), PETS(api.url));
});
afterAll(async () => {
  await api.close();
  rmSync(scratch, { recursive: true, force: true });
});

const provided = ['--document', 'pets-mirror.arazzo.yaml', '--document', 'pets-openapi-mirror.yaml'];

describe('--document (D108)', () => {
  it('D108: loom validate --offline: without --document the identity is a URL it may not read; with it, the document is valid', async () => {
    const without = await runLoomInProcess(['validate', 'checkout.arazzo.yaml', '--offline'], { cwd: scratch });
    expect(without.code).toBe(1);
    expect(without.stdout).toContain(
      "checkout.arazzo.yaml:4:26  error  source-unreadable  Source description 'shared': cannot read https://workflows.example.com/canonical/pets.arazzo.yaml: the network is off (--offline)",
    );
    const withDocuments = await runLoomInProcess(['validate', 'checkout.arazzo.yaml', ...provided, '--offline'], { cwd: scratch });
    expect(withDocuments.stderr).toBe('');
    expect(withDocuments.code).toBe(0);
  });

  it('D108: loom run --offline --document runs the provided workflow; only the API is called', async () => {
    api.received.length = 0;
    const result = await runLoomInProcess(['run', 'checkout.arazzo.yaml', ...provided, '--offline', '--json'], { cwd: scratch });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'success', outputs: { id: 42 } });
    expect(api.received.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /pet']);
  });

  it('D108: loom lint --offline --document finds no unreadable source', async () => {
    const result = await runLoomInProcess(['lint', 'checkout.arazzo.yaml', ...provided, '--offline', '--format', 'json'], { cwd: scratch });
    expect(result.stderr).toBe('');
    const codes = (JSON.parse(result.stdout) as { code: string }[]).map((problem) => problem.code);
    expect(codes).not.toContain('source-unreadable');
  }, 120_000);

  it('D108: two provided documents with one $self: exit 2, naming both files', async () => {
    api.received.length = 0;
    const result = await runLoomInProcess(['run', 'checkout.arazzo.yaml', ...provided, '--document', 'pets-old.arazzo.yaml', '--offline'], { cwd: scratch });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pets-mirror.arazzo.yaml and pets-old.arazzo.yaml both have $self https://workflows.example.com/canonical/pets.arazzo.yaml');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(api.received.length).toBe(0);
  });

  it('D108: the bundle: loom validate --document works as users run it', async () => {
    const result = await runLoom(['validate', 'checkout.arazzo.yaml', ...provided, '--offline'], { cwd: scratch });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  }, 60_000);
});
