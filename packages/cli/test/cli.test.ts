import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { fakeContext, runLoomInProcess } from '../../../test/support/fake-context.js';
import { main } from '../src/main.js';
import { runLoom } from '../../../test/support/run-loom.js';

describe('loom (in process)', () => {
  it('prints help listing the commands, exit 0', async () => {
    const result = await runLoomInProcess(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: loom <command>/);
    expect(result.stdout).toMatch(/validate/);
  });

  it('every command has --help with usage and an example, exit 0', async () => {
    for (const command of ['validate', 'lint', 'run', 'list', 'describe', 'graph', 'types', 'completion']) {
      const result = await runLoomInProcess([command, '--help']);
      expect(result.code, command).toBe(0);
      expect(result.stdout, command).toMatch(new RegExp(`^Usage: loom ${command}`));
      expect(result.stdout, command).toMatch(/\nExample:\n {2}(?:\S.* && )?loom /);
    }
  });

  it('prints the version, exit 0', async () => {
    const result = await runLoomInProcess(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('an unknown option is a usage error naming it, exit 2', async () => {
    const result = await runLoomInProcess(['validate', '--colour', 'x.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^loom: validate: Unknown option '--colour'/);
    expect(result.stderr.split('\n')).toHaveLength(2);
  });
});

describe('loom validate (in process)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loom-cli-'));
  });

  it('a valid document: summary line, exit 0', async () => {
    const result = await runLoomInProcess(['validate', 'examples/spec/pet-coupons.arazzo.yaml']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('✔ 1 document valid\n');
  });

  it('no file given: usage error, exit 2', async () => {
    const result = await runLoomInProcess(['validate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing <file>/);
  });

  it('malformed YAML: a syntax diagnostic with line and column, exit 1', async () => {
    const file = join(dir, 'malformed.arazzo.yaml');
    await writeFile(file, 'arazzo: 1.0.1\ninfo:\n  title: [unclosed\n');
    const result = await runLoomInProcess(['validate', file], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^malformed\.arazzo\.yaml:\d+:\d+ {2}error {2}syntax {2}\S/m);
    expect(result.stderr).toBe('');
  });

  it('a duplicate stepId: file:line:col  severity  rule-id  message, exit 1', async () => {
    const file = join(dir, 'duplicate-step.arazzo.yaml');
    await writeFile(
      file,
      [
        'arazzo: 1.0.1',
        'info: { title: t, version: 1.0.0 }',
        'sourceDescriptions:',
        '  - { name: api, url: ./api.yaml, type: openapi }',
        'workflows:',
        '  - workflowId: w',
        '    steps:',
        '      - stepId: a',
        '        operationId: op1',
        '      - stepId: a',
        '        operationId: op',
        '',
      ].join('\n'),
    );
    const result = await runLoomInProcess(['validate', file, '--no-sources'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^duplicate-step\.arazzo\.yaml:10:\d+ {2}error {2}step-id-unique {2}.*\ba\b/m);
    expect(result.stdout).toMatch(/✖ 1 error, 0 warnings\n$/);

    const json = await runLoomInProcess(['validate', file, '--no-sources', '--format', 'json'], { cwd: dir });
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { valid: boolean; errors: number; diagnostics: { code: string; line: number; file: string }[] };
    expect(report.valid).toBe(false);
    expect(report.errors).toBe(1);
    expect(report.diagnostics[0]).toMatchObject({ code: 'step-id-unique', line: 10, file: 'duplicate-step.arazzo.yaml' });
  });
});

describe('loom: a bug in Loom (in process)', () => {
  /** A context whose stdout throws, as a bug in a reporter would. */
  const brokenOutput = (env: NodeJS.ProcessEnv) => {
    const context = fakeContext({ env });
    const stdout = new Writable({
      write() {
        throw new TypeError("Cannot read properties of null (reading 'boom')\n    at secret (/home/build/loom.mjs:1:99999)");
      },
    });
    return { ...context, stdout };
  };

  it('main resolves to 70 with one line naming LOOM_ERR_INTERNAL, no stack', async () => {
    const context = brokenOutput({ LOOM_DEBUG: '' });
    expect(await main(['validate', 'examples/spec/pet-coupons.arazzo.yaml'], context)).toBe(70);
    expect(context.stderrText()).toBe(
      "loom: internal error LOOM_ERR_INTERNAL: Cannot read properties of null (reading 'boom'); this is a bug in Loom, please report it (LOOM_DEBUG=1 shows the details)\n",
    );
  });

  it('LOOM_DEBUG=1 in the context adds the stack', async () => {
    const context = brokenOutput({ LOOM_DEBUG: '1' });
    expect(await main(['validate', 'examples/spec/pet-coupons.arazzo.yaml'], context)).toBe(70);
    expect(context.stderrText()).toMatch(/^loom: internal error LOOM_ERR_INTERNAL: .*\nTypeError: .*\n\s+at /);
  });
});

// A few tests keep spawning the bundled binary: argv as Node hands it over, the exit code as the
// process sets it, and what reaches a real stderr (one line, no stack trace).
describe('loom (process smoke)', () => {
  it('an unknown command is a usage error: one line on stderr, exit 2', async () => {
    const result = await runLoom(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^loom: unknown command 'frobnicate'; commands: validate, lint, fix, run, test, replay, list, describe, graph, env, mcp, types, enqueue, worker, status, results, cancel, schedule, dashboard, completion\n$/);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stdout).toBe('');
  });

  it('a missing file: one clear line, exit 2, no stack', async () => {
    const result = await runLoom(['validate', 'no/such/file.arazzo.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^loom: .*no[/\\]such[/\\]file\.arazzo\.yaml.*\n$/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
