/**
 * A secret is masked in every form Loom writes it in (DECISIONS D21): sent in a path,
 * a query (plain and allowReserved), a header, a cookie, a form body and a JSON body,
 * echoed back by the server, it shows in no output channel: --json, human, --verbose,
 * --har, the json and junit reports, --dry-run, criterion explanations and errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoomInProcess } from '../support/fake-context.js';
import { ARAZZO_HEADER, everyChannel, runCli, runInProcess, startServer, writeFlow, type LocalServer } from './run-fixture.js';

const PATHS = `  /items/{id}:
    get:
      operationId: getItem
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: ok } }
  /search:
    get:
      operationId: search
      parameters:
        - { name: q, in: query, schema: { type: string } }
        - { name: r, in: query, allowReserved: true, schema: { type: string } }
      responses: { '200': { description: ok } }
  /cookie:
    get: { operationId: withCookie, responses: { '200': { description: ok } } }
  /form:
    post:
      operationId: postForm
      requestBody: { content: { application/x-www-form-urlencoded: {} } }
      responses: { '200': { description: ok } }
  /json:
    post:
      operationId: postJson
      requestBody: { content: { application/json: {} } }
      responses: { '200': { description: ok } }
  /header:
    get: { operationId: withHeader, responses: { '200': { description: ok } } }
`;

const FLOW = `${ARAZZO_HEADER}workflows:
  - workflowId: leaks
    inputs:
      type: object
      properties:
        secret: { type: string, format: password }
    steps:
      - stepId: inPath
        operationId: getItem
        parameters: [{ name: id, in: path, value: $inputs.secret }]
        outputs: { echo: $response.body#/url, url: $url }
      - stepId: inQuery
        operationId: search
        parameters:
          - { name: q, in: query, value: $inputs.secret }
          - { name: r, in: query, value: 'x-{$inputs.secret}-y' }
        outputs: { echo: $response.body#/url }
      - stepId: inCookie
        operationId: withCookie
        parameters: [{ name: session, in: cookie, value: $inputs.secret }]
        outputs: { echo: $response.body#/cookie }
      - stepId: inForm
        operationId: postForm
        requestBody: { payload: { field: $inputs.secret, other: plain } }
        outputs: { echo: $response.body#/body }
      - stepId: inJson
        operationId: postJson
        requestBody: { payload: { note: $inputs.secret, nested: { list: [$inputs.secret] } } }
        outputs: { echo: $response.body#/body, whole: $response.body }
      - stepId: judged
        operationId: search
        parameters: [{ name: q, in: query, value: $inputs.secret }]
        successCriteria:
          - condition: $statusCode == 200
          - { context: $response.body, condition: $.url, type: jsonpath }
          - condition: $response.body#/query == 'nothing like it'
      - stepId: inHeader
        operationId: withHeader
        parameters: [{ name: X-Note, in: header, value: $inputs.secret }]
    outputs:
      path: $steps.inPath.outputs.echo
      url: $steps.inPath.outputs.url
      query: $steps.inQuery.outputs.echo
      cookie: $steps.inCookie.outputs.echo
      form: $steps.inForm.outputs.echo
      json: $steps.inJson.outputs.echo
      whole: $steps.inJson.outputs.whole
`;

const SECRETS = [
  "sub!delims'(kept)*by-encodeURIComponent",
  'with space+plus/slash?and#hash&amp=eq',
  'quote"back\\slash\'single',
  'ünïcödé-пароль-密码-€',
  '%41%zz percent-looking',
  '<xml & "attr">',
];

/** The forms a secret could take in any output: as is, URL-encoded (loose and strict RFC 3986), form-encoded, JSON-escaped once and twice, doubled quotes, base64. */
function formsOf(secret: string): string[] {
  const strict = encodeURIComponent(secret).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  const json = JSON.stringify(secret).slice(1, -1);
  return [...new Set([secret, encodeURIComponent(secret), strict, new URLSearchParams({ s: secret }).toString().slice(2), json, JSON.stringify(json).slice(1, -1), secret.replace(/'/g, "''"), Buffer.from(secret).toString('base64')])];
}

function expectHidden(text: string, secret: string): void {
  for (const form of formsOf(secret)) expect(text, `${secret} as ${form}`).not.toContain(form);
}

let server: LocalServer;
beforeAll(async () => {
  // Echoes what it received, as it received it (the URL still percent-encoded, the body as sent).
  server = await startServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    const query = new URL(request.url, 'http://x').searchParams.get('q');
    response.end(JSON.stringify({ url: request.url, query, body: request.body.toString('utf8'), cookie: request.headers['cookie'] ?? null }));
  });
});
afterAll(() => server.close());

describe.each(SECRETS)('D21: secret %s', (secret) => {
  it('D21: the server got it in every place; no event or masked result holds it in any form', async () => {
    const dir = await writeFlow(FLOW, server.url, PATHS);
    const before = server.received.length;
    const { result, events } = await runInProcess(dir, { inputs: { secret }, maskSecrets: true });
    const received = server.received.slice(before);
    expect(received.length).toBeGreaterThanOrEqual(6);
    const query = new URL(received[1]!.url, 'http://x').searchParams;
    // (`r` is allowReserved: `&`, `=` and `%XX` in it are sent as they are, so the server may read it otherwise.)
    expect([decodeURIComponent(received[0]!.url.slice('/items/'.length)), query.get('q')]).toEqual([secret, secret]);
    expect(new URLSearchParams(received[3]!.body.toString()).get('field')).toBe(secret);
    expect(JSON.parse(received[4]!.body.toString())).toEqual({ note: secret, nested: { list: [secret] } });
    expect(result.status).toBe('failure');
    expectHidden(JSON.stringify(events), secret);
    expectHidden(JSON.stringify(result), secret);
  });

  it('D21: loom run, human --verbose and --json, with --har and both reports; and --dry-run', async () => {
    const dir = await writeFlow(FLOW, server.url, PATHS);
    for (const args of [['--verbose'], ['--json']]) {
      const outputs = await runCli(dir, [...args, '--input', `secret=${JSON.stringify(secret)}`]);
      expect(outputs.code, outputs.stderr).toBe(1);
      expect(outputs.har).toContain('/items/');
      expectHidden(everyChannel(outputs), secret);
    }
    for (const args of [['--dry-run'], ['--dry-run', '--json']]) {
      const dry = await runLoomInProcess(['run', 'flow.arazzo.yaml', ...args, '--input', `secret=${JSON.stringify(secret)}`], { cwd: dir });
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toContain('/items/');
      expectHidden(dry.stdout + dry.stderr, secret);
    }
  });
});

describe('D21: explanations are shortened after masking', () => {
  it('D21: a secret that straddles the 80-character cut of a criterion explanation shows no part of it', async () => {
    const secret = 'straddling-secret-0042';
    const padded = await startServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ pad: `${'x'.repeat(60)}${secret}` }));
    });
    try {
      const flow = `${ARAZZO_HEADER}workflows:
  - workflowId: cut
    inputs: { type: object, properties: { secret: { type: string, format: password } } }
    steps:
      - stepId: look
        operationId: getItem
        parameters: [{ name: id, in: path, value: $inputs.secret }]
        successCriteria: [{ condition: $response.body#/pad == 'other' }]
`;
      const dir = await writeFlow(flow, padded.url, PATHS);
      const { result, events } = await runInProcess(dir, { inputs: { secret }, maskSecrets: true });
      const criterion = events.find((event) => event.type === 'criterion');
      const explanation = criterion?.type === 'criterion' ? criterion.explanation : undefined;
      expect(explanation).toBe(`$response.body#/pad == 'other': got '${'x'.repeat(60)}****'`);
      expect(result.error?.message).not.toContain('straddl');
    } finally {
      await padded.close();
    }
  });
});

describe('--show-secrets', () => {
  it('D21: --show-secrets shows the secret in --dry-run too, human and --json', async () => {
    const secret = 'shown-secret-value-77';
    const dir = await writeFlow(FLOW, server.url, PATHS);
    for (const json of [false, true]) {
      const dry = await runLoomInProcess(['run', 'flow.arazzo.yaml', '--dry-run', '--show-secrets', ...(json ? ['--json'] : []), '--input', `secret=${secret}`], { cwd: dir });
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toContain(`/items/${secret}`);
      expect(dry.stdout).toMatch(json ? /"x-note": "shown-secret-value-77"/i : /x-note: shown-secret-value-77/i);
    }
  });
});
