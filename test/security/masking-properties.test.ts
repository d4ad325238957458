/**
 * Property: whatever a server answers (random JSON nested up to 10,000 levels holding the
 * secret in secret-named members, plain strings and the echoed request URL) and whatever the
 * secret (random printable ASCII, at least 4 characters), no output channel holds the secret
 * in any form Loom writes it in, and nothing throws (DECISIONS D21, D32, D33). Runs go
 * in-process through the engine API and the CLI's own reporters (events, human --verbose,
 * HAR, json and junit reports, masked result, errors), plus a few `loom run` processes.
 */
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent, RunResult } from '../../packages/engine/src/index.js';
import { createHumanRunReporter } from '../../packages/cli/src/reporters/run-human.js';
import { createHarRecorder, renderJsonReport, renderJUnitReport } from '../../packages/cli/src/reporters/run-reports.js';
import { ARAZZO_HEADER, everyChannel, runCli, runInProcess, startServer, writeFlow, type LocalServer } from './run-fixture.js';

const PATHS = `  /echo/{id}:
    get:
      operationId: echo
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: q, in: query, schema: { type: string } }
      responses: { '200': { description: ok } }
`;

const FLOW = `${ARAZZO_HEADER}workflows:
  - workflowId: prop
    inputs:
      type: object
      properties:
        secret: { type: string, format: password }
    steps:
      - stepId: fetch
        operationId: echo
        parameters:
          - { name: id, in: path, value: $inputs.secret }
          - { name: q, in: query, value: 'a {$inputs.secret} b' }
          - { name: X-Api-Key, in: header, value: $inputs.secret }
        successCriteria:
          - condition: $statusCode == 200
          - condition: $response.body#/url == 'nope'
          - condition: $response.body == 'flat'
        outputs:
          url: $response.body#/url
          body: $response.body
    outputs:
      url: $steps.fetch.outputs.url
      body: $steps.fetch.outputs.body
`;

/** The random part of a response: how deep, the members each level is wrapped in, and where the secret goes. */
interface Shape {
  readonly depth: number;
  readonly keys: readonly string[];
  readonly tokenMember: string;
  readonly filler: unknown;
}

const shapeArbitrary: fc.Arbitrary<Shape> = fc.record({
  depth: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 2_000, max: 10_000 })),
  keys: fc.array(fc.oneof(fc.constant(''), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 4 }),
  tokenMember: fc.constantFrom('token', 'access_token', 'X-Api-Key', 'clientSecret', 'password'),
  filler: fc.jsonValue({ maxDepth: 2 }),
});

/** `''` stands for an array level; any other key for an object level. */
function responseText(shape: Shape, secret: string, url: string): string {
  let text = JSON.stringify({ [shape.tokenMember]: secret, note: `before ${secret} after`, filler: shape.filler });
  for (let level = 0; level < shape.depth; level++) {
    const key = shape.keys[level % shape.keys.length]!;
    text = key === '' ? `[${text},${JSON.stringify(secret)}]` : `{${JSON.stringify(key)}:${text}}`;
  }
  return `{"url":${JSON.stringify(url)},"deep":${text}}`;
}

// Printable ASCII with at least two letters (so that it cannot be a run of Loom's own punctuation,
// digits or spaces); not starting or ending with `*`, which could make it straddle a `****` mask.
const secretArbitrary = fc
  .string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), minLength: 4, maxLength: 24 })
  .filter((secret) => (secret.match(/[A-Za-z]/g) ?? []).length >= 2 && !secret.startsWith('*') && !secret.endsWith('*') && secret.trim() === secret);

/** Every form of the secret to look for: as is, URL-encoded loosely and strictly, form-encoded, JSON-escaped once and twice, explanation-quoted, XML-escaped. */
function formsOf(secret: string): string[] {
  const strict = encodeURIComponent(secret).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  const json = JSON.stringify(secret).slice(1, -1);
  const xml = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
  return [...new Set([secret, encodeURIComponent(secret), strict, new URLSearchParams({ s: secret }).toString().slice(2), json, JSON.stringify(json).slice(1, -1), secret.replace(/'/g, "''"), xml])];
}

let server: LocalServer;
let reply: (url: string) => string = () => '{}';
let vocabulary = '';
beforeAll(async () => {
  server = await startServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(reply(request.url));
  });
  // What Loom writes whatever the secret: a secret found in it could not be told from a leak.
  const fixed = { depth: 3, keys: ['a', ''], tokenMember: 'token', filler: null };
  vocabulary = await inProcessChannels(fixed, 'Fixed-Vocabulary-Secret');
});
afterAll(() => server.close());

/** One in-process run through the engine and the CLI's reporters; every channel's text, joined. */
async function inProcessChannels(shape: Shape, secret: string): Promise<string> {
  reply = (url) => responseText(shape, secret, url);
  const dir = await writeFlow(FLOW, server.url, PATHS);
  let human = '';
  const out = new Writable({ write(chunk, _encoding, done) { human += String(chunk); done(); } });
  const reporter = createHumanRunReporter(out, { color: false, isTTY: false }, { verbose: true });
  const har = createHarRecorder();
  const { result, events } = await runInProcess(dir, { inputs: { secret }, maskSecrets: true });
  for (const event of events) {
    reporter.onEvent(event);
    har.onEvent(event);
  }
  reporter.finish(result);
  return [JSON.stringify(events satisfies RunEvent[]), JSON.stringify(result satisfies RunResult), human, har.render('test'), renderJsonReport(result), renderJUnitReport(result), result.error?.message ?? ''].join('\n');
}

function leakedForm(text: string, secret: string): string | undefined {
  return formsOf(secret).find((form) => text.includes(form));
}

describe('masking properties (D21, D32, D33)', () => {
  it('D32: in-process, random secrets and responses up to 10,000 levels deep: no channel holds the secret, nothing throws', async () => {
    await fc.assert(
      fc.asyncProperty(secretArbitrary, shapeArbitrary, async (secret, shape) => {
        fc.pre(leakedForm(vocabulary + responseText({ ...shape, depth: Math.min(shape.depth, 3) }, '', '/echo'), secret) === undefined);
        const text = await inProcessChannels(shape, secret);
        expect(leakedForm(text, secret)).toBeUndefined();
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('D32: loom run processes (--verbose and --json, with reports and --har): no channel holds the secret', async () => {
    await fc.assert(
      fc.asyncProperty(secretArbitrary, shapeArbitrary, fc.boolean(), async (secret, shape, json) => {
        fc.pre(leakedForm(vocabulary + responseText({ ...shape, depth: Math.min(shape.depth, 3) }, '', '/echo'), secret) === undefined);
        reply = (url) => responseText(shape, secret, url);
        const dir = await writeFlow(FLOW, server.url, PATHS);
        const outputs = await runCli(dir, [json ? '--json' : '--verbose', '--input', `secret=${JSON.stringify(secret)}`]);
        expect(outputs.code, outputs.stderr).toBe(1);
        expect(leakedForm(everyChannel(outputs), secret)).toBeUndefined();
      }),
      { numRuns: 3 },
    );
  }, 60_000);
});
