import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { validateExpressions } from '../../src/validate/check-expressions.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintDocument, loadDocument, parseText, type Diagnostic } from '../../src/index.js';
import { LINT_RULES } from '../../src/lint/index.js';
import { RULES } from '../../src/rules/index.js';
import { startServer, type LocalServer } from '../http/local-server.js';

/**
 * One broken document per rule (fixtures/rules/<rule-id>.arazzo.yaml, the fixture the rule registry names;
 * `<rule-id>.<severity>.arazzo.yaml` for a rule's further severity, DECISIONS D65). Each file states what
 * Loom must report in `# expect: <rule-id> <severity> line <n>` comments; the test checks that exactly those
 * diagnostics come out: each problem once, at its line (in the file it is in: an OpenAPI source's line for
 * its own rules). A lint-only rule's fixture is linted too. A fixture marked `# load: http` is read from a
 * local http server (a rule about what a remote document may reference).
 */
const fixtures = new URL('../fixtures/', import.meta.url);
const folder = new URL('rules/', fixtures);
const cases = readdirSync(folder)
  .filter((name) => name.endsWith('.arazzo.yaml'))
  .map((name) => {
    const text = readFileSync(new URL(name, folder), 'utf8');
    const expected = [...text.matchAll(/^# expect: ([a-z-]+) (error|warning|info) line (\d+)$/gm)].map((match) => `${match[1]} ${match[2]} line ${match[3]}`);
    const rule = name.replace(/(\.(error|warning|info))?\.arazzo\.yaml$/, '');
    return { name, rule, expected, http: /^# load: http\b/m.test(text) };
  });

let server: LocalServer;
beforeAll(async () => {
  // Serves the fixtures folder, so a fixture's relative references resolve as they do from the file.
  server = await startServer((request, response) => {
    readFile(new URL(`.${decodeURIComponent(request.url)}`, fixtures)).then(
      (body) => response.writeHead(200, { 'content-type': 'application/yaml' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
});
afterAll(() => server.close());

async function diagnosticsOf(entry: (typeof cases)[number]): Promise<{ diagnostics: Diagnostic[]; hasModel: boolean }> {
  const loaded = await loadDocument(entry.http ? `${server.url}/rules/${entry.name}` : fileURLToPath(new URL(entry.name, folder)));
  const lint = Object.hasOwn(LINT_RULES, entry.rule) ? lintDocument(loaded) : [];
  return { diagnostics: [...loaded.diagnostics, ...lint], hasModel: loaded.model !== undefined };
}

describe('broken documents: one per rule, rule id and line', () => {
  it('covers every semantic rule', () => {
    const rules = new Set(cases.map((entry) => entry.rule));
    for (const rule of ['syntax', 'document-root', 'arazzo-version', 'arazzo-schema', 'workflow-id-unique', 'step-id-unique', 'step-target', 'goto-target', 'retry-target', 'depends-on-target', 'depends-on-cycle', 'component-reference', 'output-name', 'parameter-unique', 'criterion-type-context', 'source-name-unique', 'action-name-unique', 'source-unreadable', 'step-workflow-target', 'parameter-in', 'workflow-step-cycle']) {
      expect(rules, rule).toContain(rule);
    }
  });

  it.each(cases)('$name', async ({ name, rule, expected, http }) => {
    expect(expected.length, 'the fixture states its expectations').toBeGreaterThan(0);
    expect(expected.some((line) => line.startsWith(`${rule} `))).toBe(true);
    const { diagnostics, hasModel } = await diagnosticsOf({ name, rule, expected, http });
    const actual = diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.severity} line ${diagnostic.range?.start.line ?? '?'}`);
    expect(actual.sort()).toEqual([...expected].sort());
    for (const diagnostic of diagnostics) {
      expect(diagnostic.message).not.toMatch(/must NOT have|#\/\$defs|instancePath/);
      expect(diagnostic.source).toMatch(http ? /^http:/ : /^file:/);
    }
    // A document with only warnings (workflow-step-cycle) still has a model.
    if (expected.some((line) => line.includes(' error '))) expect(hasModel).toBe(false);
    else expect(hasModel).toBe(true);
  });
});
