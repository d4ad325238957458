import { HEADER } from './harness.js';

/** The pieces the Arazzo 1.1 dependsOn tests build their workflows from (DECISIONS D58, D59, D98). */

/** The runner tests' header, as an Arazzo 1.1 document. */
export const header = HEADER.replace('arazzo: 1.0.1', 'arazzo: 1.1.0');

/** One operation, GET /items/{name}, with an optional `from` query parameter. */
export const paths = `  /items/{name}:
    get:
      operationId: item
      parameters:
        - { name: name, in: path, required: true, schema: { type: string } }
        - { name: from, in: query, required: false, schema: { type: string } }
      responses: { '200': { description: ok } }
`;

/** A step fetching /items/<name>. */
export const step = (name: string, extra = ''): string => `      - stepId: ${name}
        operationId: item
        parameters:
          - { name: name, in: path, value: ${name} }
${extra}`;
