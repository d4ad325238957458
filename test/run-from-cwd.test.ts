import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, runLoom, type LoomResult } from './support/run-loom.js';
import { runLoomInProcess } from './support/fake-context.js';
import { recordingServer, scratchFolder, threeStepApi, threeStepFlow } from './security/cli-process-support.js';

/**
 * `pnpm loom <cmd> <relative path>`: pnpm runs the root `loom` script in the repository root,
 * so relative paths used to be read and written there instead of where the user stood.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** The environment pnpm (and npm) give the root `loom` script: run in the root, INIT_CWD where the user typed it. */
function asLoomScript(userFolder: string, script = 'loom'): NodeJS.ProcessEnv {
  return { INIT_CWD: userFolder, npm_lifecycle_event: script, npm_package_name: 'loom', npm_command: 'run-script' };
}

/** Environment without the npm_* / INIT_CWD variables of whatever started the tests (e.g. `pnpm test`). */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_') && name !== 'INIT_CWD'));
}

function runCommand(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<LoomResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...cleanEnvironment(), NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function flowFolder() {
  const server = await recordingServer();
  const folder = scratchFolder({ 'flow.arazzo.yaml': threeStepFlow(), 'api.openapi.yaml': threeStepApi(server.url), 'inputs.json': '{}' });
  cleanups.push(() => server.close(), folder.cleanup);
  return { server, dir: folder.dir };
}

describe('pnpm loom resolves relative paths against the folder the user runs it from', () => {
  // A real pnpm (fetched by npx, as the README's setup does): slow on a loaded machine.
  it('D45: `pnpm -s -w loom validate <relative path>` from a package subfolder finds the file', async () => {
    const folder = join(repoRoot, 'examples', 'amberflo', 'arazzo');
    const result = await runCommand('npx', ['--yes', 'pnpm@10', '-s', '-w', 'loom', 'validate', 'launch-usage-based-product.arazzo.yaml'], folder);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);

  it('D45: run by the loom script, the document, --inputs, --report, --har and --out are relative to INIT_CWD', async () => {
    const { server, dir } = await flowFolder();
    const result = await runLoomInProcess(['run', 'flow.arazzo.yaml', '--inputs', 'inputs.json', '--report', 'json=report.json', '--har', 'run.har'], {
      cwd: repoRoot,
      env: asLoomScript(dir),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(server.paths()).toEqual(['/one', '/two', '/three']);
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toMatchObject({ status: 'success' });
    expect(JSON.parse(readFileSync(join(dir, 'run.har'), 'utf8')).log.entries).toHaveLength(3);
    expect(existsSync(join(repoRoot, 'run.har'))).toBe(false);

    const types = await runLoomInProcess(['types', 'flow.arazzo.yaml', '--out', 'generated/flow.ts'], { cwd: repoRoot, env: asLoomScript(dir) });
    expect(types.code, types.stderr).toBe(0);
    expect(readFileSync(join(dir, 'generated', 'flow.ts'), 'utf8')).toContain('export type FlowInputs');
  });

  it('D45: run by the loom script, lint finds the .spectral.yaml of INIT_CWD', async () => {
    const { dir } = await flowFolder();
    // A ruleset of its own that cannot be loaded: proves lint looked for it in INIT_CWD.
    writeFileSync(join(dir, '.spectral.yaml'), 'extends: [./no-such-ruleset.yaml]\n');
    const result = await runLoomInProcess(['lint', 'flow.arazzo.yaml'], { cwd: repoRoot, env: asLoomScript(dir) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no-such-ruleset');
  });

  it('D45: run by the loom script, lint --source and validate --source paths are relative to INIT_CWD', async () => {
    const { dir } = await flowFolder();
    // The document names a source that is not there; the override points at the real one, relative to the user's folder.
    writeFileSync(join(dir, 'flow.arazzo.yaml'), threeStepFlow().replace('./api.openapi.yaml', './missing.openapi.yaml'));
    for (const command of ['lint', 'validate']) {
      const result = await runLoomInProcess([command, 'flow.arazzo.yaml', '--source', 'api=./api.openapi.yaml'], { cwd: repoRoot, env: asLoomScript(dir) });
      expect(result.stdout, command).not.toContain('cannot read');
      expect(result.code, `${command}: ${result.stdout}${result.stderr}`).toBe(0);
    }
  });

  it('D45: any other script (or a package of another name) keeps its own working folder', async () => {
    const { dir } = await flowFolder();
    mkdirSync(join(dir, 'elsewhere'));
    const otherScript = await runLoomInProcess(['validate', 'flow.arazzo.yaml'], { cwd: dir, env: asLoomScript(join(dir, 'elsewhere'), 'test') });
    expect(otherScript.code, otherScript.stderr).toBe(0);
    const otherPackage = await runLoomInProcess(['validate', 'flow.arazzo.yaml'], { cwd: dir, env: { ...asLoomScript(join(dir, 'elsewhere')), npm_package_name: 'my-project' } });
    expect(otherPackage.code, otherPackage.stderr).toBe(0);
  });
});

describe('the README puts loom on the PATH', () => {
  const INSTALL = 'npm install --global ./packages/cli';

  // A real npm install into a fresh prefix and HOME (no user npmrc, no cache): slow on a loaded machine.
  it('`npm install --global ./packages/cli` into a temp prefix: `loom` runs from another folder', async () => {
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8')).toContain(INSTALL);
    const home = mkdtempSync(join(tmpdir(), 'loom-global-'));
    cleanups.push(() => rmSync(home, { recursive: true, force: true }));
    const prefix = join(home, 'prefix');
    const [npm, ...args] = INSTALL.split(' ');
    const install = await runCommand(npm!, [...args.slice(0, -1), '--prefix', prefix, '--no-audit', '--no-fund', args.at(-1)!], repoRoot, { HOME: home });
    expect(install.code, install.stderr).toBe(0);

    const { dir } = await flowFolder();
    const path = `${join(prefix, 'bin')}${delimiter}${process.env.PATH ?? ''}`;
    const version = await runCommand('loom', ['--version'], dir, { HOME: home, PATH: path });
    expect(version).toMatchObject({ code: 0, stdout: `${JSON.parse(readFileSync(join(repoRoot, 'packages/cli/package.json'), 'utf8')).version}\n` });
    // Spectral and json-schema-to-typescript load on demand from the CLI package's own dependencies.
    const lint = await runCommand('loom', ['lint', 'flow.arazzo.yaml'], dir, { HOME: home, PATH: path });
    expect(lint.stderr).toBe('');
    expect(lint.code).toBe(0);
  }, 180_000);
});
