import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLoom } from '../../../test/support/run-loom.js';

const OPENAPI = `openapi: 3.1.0
info: { title: Users, version: '1' }
paths:
  /users:
    get:
      operationId: getUser
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { type: object, properties: { data: { type: object, properties: { id: { type: integer } } } } }
`;

const FLOW = `arazzo: 1.0.1
info: { title: Types, version: '1' }
sourceDescriptions:
  - { name: users, url: ./users.yaml, type: openapi }
workflows:
  - workflowId: read
    inputs:
      type: object
      properties:
        user: { type: object, properties: { email: { type: string } } }
    steps:
      - stepId: get
        operationId: getUser
        outputs:
          id: $response.body#/data/id
          dotted: $response.body.data.id
    outputs:
      id: $steps.get.outputs.id
      dotted: $steps.get.outputs.dotted
      email: $inputs.user.email
`;

describe('loom types reads the expressions the engine parsed (process)', () => {
  it('D24, D46: an output written in a dialect form is typed as a run reads it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'loom-types-parsed-'));
    writeFileSync(join(folder, 'users.yaml'), OPENAPI);
    writeFileSync(join(folder, 'flow.arazzo.yaml'), FLOW);
    const result = await runLoom(['types', join(folder, 'flow.arazzo.yaml')]);
    expect(result.code).toBe(0);
    const outputs = /export interface ReadOutputs \{\n([\s\S]*?)\n\}/.exec(result.stdout)?.[1] ?? '';
    expect(outputs.split('\n').map((line) => line.trim())).toEqual(['id?: number', 'dotted?: number', 'email?: string']);
  });
});
