/**
 * Every example the documentation shows runs as written: the shell blocks and code blocks
 * of every README, and the examples of every `--help`. `loom` on the PATH is the built CLI
 * (what `npm install --global ./packages/cli` links), `pnpm` is the real pnpm. Each example
 * runs in a scratch folder that holds `examples/` (the repository's) and the fixture folders
 * the examples name (`flows/`, `workflows/`), with its own HOME.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { DEMO_API_KEY, startSimulator, type Simulator } from '../examples/amberflo/simulator/index.mjs';
import { startRedis, type RedisServer } from './support/services/redis.js';
import { commandCases } from './doc-examples/cases.js';
import { fencedBlocks, helpExamples, shellCommands, type CodeBlock, type ShellCommand } from './doc-examples/examples-in-docs.js';
import { runLoomInProcess } from './support/fake-context.js';
import { repoRoot } from './support/run-loom.js';

const bundle = join(repoRoot, 'packages/cli/dist/bundle/loom.mjs');

async function readmes(): Promise<string[]> {
  const files = ['README.md'];
  for (const folder of ['packages', 'examples']) {
    for (const entry of await readdir(join(repoRoot, folder))) {
      if (existsSync(join(repoRoot, folder, entry, 'README.md'))) files.push(`${folder}/${entry}/README.md`);
    }
  }
  return files;
}

async function documentedBlocks(): Promise<CodeBlock[]> {
  const blocks: CodeBlock[] = [];
  for (const file of await readmes()) blocks.push(...fencedBlocks(await readFile(join(repoRoot, file), 'utf8'), file));
  return blocks;
}

/** The commands `loom --help` lists, each with its `--help` text (read in process: the text is the same). */
async function helpTexts(): Promise<Map<string, string>> {
  const top = await runLoomInProcess(['--help']);
  const texts = new Map([['', top.stdout]]);
  const names = [...top.stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((match) => match[1]!);
  expect(names.length).toBeGreaterThan(5);
  for (const name of names) texts.set(name, (await runLoomInProcess([name, '--help'])).stdout);
  return texts;
}

const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', '']);

let scratch: string;
let simulator: Simulator;
/** The queue commands' Redis (a real redis-server on a free port). */
let redis: RedisServer;
let environment: NodeJS.ProcessEnv;

/** A folder like the repository root for the examples: `examples/`, fixtures, a HOME and `loom`/`pnpm` on the PATH. */
async function makeScratch(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'loom-doc-examples-'));
  await symlink(join(repoRoot, 'examples'), join(folder, 'examples'));
  const copy = async (from: string, to: string) => {
    await mkdir(dirname(join(folder, to)), { recursive: true });
    await copyFile(join(repoRoot, from), join(folder, to));
  };
  // The spec's examples, copied under the names the docs use.
  await copy('examples/spec/pet-coupons.arazzo.yaml', 'flows/checkout.arazzo.yaml');
  await copy('examples/spec/pet-coupons.openapi.yaml', 'flows/pet-coupons.openapi.yaml');
  await copy('examples/spec/oauth.arazzo.yaml', 'workflows/oauth.arazzo.yaml');
  await copy('examples/spec/oauth.openapi.yaml', 'workflows/oauth.openapi.yaml');
  await mkdir(join(folder, 'home'));
  const bin = join(folder, 'bin');
  await mkdir(bin);
  await writeFile(join(bin, 'loom'), `#!/bin/sh\nexec "${process.execPath}" "${bundle}" "$@"\n`);
  // The pnpm that runs these tests when there is one (`pnpm test`), else the one the README installs with.
  const pnpm = process.env.npm_execpath?.includes('pnpm') ? `"${process.execPath}" "${process.env.npm_execpath}"` : 'npx --yes pnpm@10';
  await writeFile(join(bin, 'pnpm'), `#!/bin/sh\nexec ${pnpm} "$@"\n`);
  await chmod(join(bin, 'loom'), 0o755);
  await chmod(join(bin, 'pnpm'), 0o755);
  return folder;
}

/** The docs' Amberflo addresses become the local simulator's, and their Redis the test's (the only substitutions the test makes). */
function localised(command: string): string {
  const url = simulator.url;
  const port = new URL(url).port;
  return command
    .replaceAll('https://app.amberflo.io', url)
    .replaceAll('127.0.0.1:4010', `127.0.0.1:${port}`)
    .replaceAll('--port 4010', `--port 0`)
    .replaceAll('redis://127.0.0.1:6379', redis.url);
}

interface Finished {
  readonly code: number | null;
  readonly output: string;
}

function bash(command: string, cwd: string, env: NodeJS.ProcessEnv, until?: RegExp): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    let stopping = false;
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (until && !stopping && until.test(output)) {
        stopping = true;
        process.kill(-child.pid!, 'SIGINT');
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

beforeAll(async () => {
  scratch = await makeScratch();
  simulator = await startSimulator({ port: 0 });
  redis = await startRedis();
  environment = {
    ...process.env,
    // A machine set up for the queue as packages/queue/README.md says: where Redis is, and the key that seals secret inputs.
    LOOM_REDIS_URL: redis.url,
    LOOM_QUEUE_KEY: randomBytes(32).toString('hex'),
    HOME: join(scratch, 'home'),
    PATH: `${join(scratch, 'bin')}:${process.env.PATH ?? ''}`,
    NO_COLOR: '1',
  };
  delete environment.FORCE_COLOR;
  // A user's shell, not pnpm's script environment (INIT_CWD would move `loom`'s relative paths, D45).
  for (const name of Object.keys(environment)) if (name === 'INIT_CWD' || name.startsWith('npm_')) delete environment[name];
}, 60_000);

afterAll(async () => {
  await simulator?.close();
  await redis?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

// Each run example creates the meter and the customer again.
beforeEach(() => simulator?.reset());

/** What `export NAME=...` lines set: the simulator's key instead of the docs' placeholder. */
const EXPORTED: Readonly<Record<string, () => string>> = {
  AMBERFLO_API_KEY: () => DEMO_API_KEY,
};

describe('the examples in the READMEs and in every --help', async () => {
  const blocks = await documentedBlocks();
  const shellBlocks = blocks.filter((block) => SHELL_LANGUAGES.has(block.language));
  const helps = await helpTexts();
  const helpCommands: ShellCommand[] = [];
  const helpTypescript: ShellCommand[] = [];
  for (const [name, text] of helps) {
    const found = helpExamples(text, name || '');
    helpCommands.push(...found.commands);
    helpTypescript.push(...found.typescript);
  }
  // Every command the docs show, found while the tests are collected (cd/export lines set up the ones after them).
  const seen = new Set<string>(helpCommands.map(({ command }) => command));
  for (const block of shellBlocks) {
    for (const { command } of shellCommands(block)) if (!/^(cd|export) /.test(command)) seen.add(command);
  }

  it('finds the examples (the extraction itself works)', () => {
    expect(shellBlocks.length).toBeGreaterThan(5);
    expect(helpCommands.length).toBeGreaterThan(8);
    expect(blocks.some((block) => block.language === 'ts')).toBe(true);
  });

  for (const block of shellBlocks) {
    // A block is a script: `cd` and `export` lines hold for the commands after them.
    it(`${block.where}: every command of the block runs as written`, async () => {
      let cwd = scratch;
      const env = { ...environment };
      for (const { where, command } of shellCommands(block)) {
        const cd = /^cd (\S+)$/.exec(command);
        if (cd) {
          cwd = join(cwd, cd[1]!);
          continue;
        }
        const exported = /^export (\w+)=(\S*)/.exec(command);
        if (exported) {
          env[exported[1]!] = EXPORTED[exported[1]!]?.() ?? exported[2]!;
          continue;
        }
        await runExample(where, command, cwd, env);
      }
    }, 120_000);
  }

  for (const { where, command } of helpCommands) {
    it(`${where}: ${command.split('\n')[0]}`, () => runExample(where, command, scratch, environment), 60_000);
  }

  it('the TypeScript code blocks type-check against the built packages and run', async () => {
    const tsBlocks = blocks.filter((block) => block.language === 'ts');
    // After `loom types ... --out src/amberflo-workflows.ts`, the help shows the call to write: it must compile.
    const typesCall = helpTypescript.map(({ command }) => command);
    expect(typesCall.length).toBeGreaterThan(0);
    const folder = await mkdtemp(join(scratch, 'ts-'));
    await mkdir(join(folder, 'node_modules/@loom'), { recursive: true });
    await symlink(join(repoRoot, 'packages/engine'), join(folder, 'node_modules/@loom/engine'));
    await symlink(join(repoRoot, 'packages/queue'), join(folder, 'node_modules/@loom/queue'));
    await symlink(join(repoRoot, 'examples'), join(folder, 'examples'));
    const typesFile = join(folder, 'src/amberflo-workflows.ts');
    const generated = await runLoomInProcess(['types', 'examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml', '--out', typesFile], { cwd: repoRoot });
    expect(generated.code, generated.stderr).toBe(0);
    const files = tsBlocks.map((block, index) => ({ block, file: join(folder, `block-${index}.mts`) }));
    for (const { block, file } of files) await writeFile(file, block.text);
    const typesCallFile = join(folder, 'types-call.mts');
    await writeFile(
      typesCallFile,
      [
        "import { loadDocument, run } from '@loom/engine';",
        "import type { Workflows } from './src/amberflo-workflows.js';",
        "const loaded = await loadDocument('examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml');",
        "declare const inputs: Workflows['launch-usage-based-product']['inputs'];",
        ...typesCall.map((call) => `await ${call};`),
      ].join('\n'),
    );
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(repoRoot, 'node_modules/@types')],
    };
    const program = ts.createProgram([...files.map(({ file }) => file), typesCallFile], options);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n') + (diagnostic.file ? ` (${diagnostic.file.fileName})` : ''));
    expect(problems).toEqual([]);
    for (const { block, file } of files) {
      const javascript = ts.transpileModule(block.text, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
      const script = file.replace(/\.mts$/, '.mjs');
      await writeFile(script, localised(javascript));
      simulator.reset();
      const result = await bash(`"${process.execPath}" "${script}"`, folder, { ...environment, AMBERFLO_API_KEY: DEMO_API_KEY });
      expect(result.code, `${block.where}\n${result.output}`).toBe(0);
      if (block.text.includes('run(')) expect(simulator.requests.length, `${block.where}: the run reached the simulator`).toBe(4);
    }
  }, 120_000);

  it('the JavaScript code blocks run', async () => {
    for (const block of blocks.filter((candidate) => candidate.language === 'js')) {
      // Written next to what it imports (`./simulator/index.mjs`): the README's folder.
      const folder = await mkdtemp(join(scratch, 'js-'));
      const readmeFolder = dirname(join(repoRoot, block.where.slice(0, block.where.lastIndexOf(':'))));
      for (const entry of await readdir(readmeFolder)) await symlink(join(readmeFolder, entry), join(folder, entry));
      await writeFile(join(folder, 'example.mjs'), block.text);
      const result = await bash(`"${process.execPath}" example.mjs`, folder, environment);
      expect(result.code, `${block.where}\n${result.output}`).toBe(0);
    }
  }, 60_000);

  it('the .spectral.yaml example is a ruleset loom lint loads', async () => {
    const rulesets = blocks.filter((block) => block.language === 'yaml' && block.text.startsWith('# .spectral.yaml'));
    expect(rulesets.length).toBeGreaterThan(0);
    for (const block of rulesets) {
      const folder = await mkdtemp(join(scratch, 'ruleset-'));
      await writeFile(join(folder, '.spectral.yaml'), block.text);
      const result = await runLoomInProcess(['lint', join(scratch, 'flows/checkout.arazzo.yaml'), '--format', 'json'], { cwd: folder });
      expect(result.code, `${block.where}\n${result.stderr}`).toBe(0);
    }
  }, 60_000);

  it('every example has a case, and every case is an example the docs still show', () => {
    for (const command of seen) expect(commandCases, `no case in test/doc-examples/cases.ts for:\n${command}`).toHaveProperty([command]);
    for (const command of Object.keys(commandCases)) expect(seen, `case for an example no doc shows:\n${command}`).toContain(command);
  });
});

async function runExample(where: string, command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  const example = commandCases[command];
  expect(example, `${where}: no case in test/doc-examples/cases.ts for:\n${command}`).toBeDefined();
  if (!example) return;
  if (example.coveredBy) {
    const { file, runs } = example.coveredBy;
    expect(command, `${where}: the case names a command of the example`).toContain(runs);
    expect(await readFile(join(repoRoot, file), 'utf8'), `${where}: ${file} runs '${runs}'`).toContain(runs);
    return;
  }
  simulator.reset();
  const result = await bash(localised(command), example.fromRepository ? repoRoot : cwd, env, example.until);
  const context = `${where}\n$ ${command}\n${result.output}`;
  // A server stopped with Ctrl-C ends as its runner decides (pnpm reports a signal as a failure).
  if (!example.until) expect(result.code, context).toBe(example.exit);
  if (example.output) expect(result.output, context).toMatch(example.output);
  if (example.until) expect(result.output, context).toMatch(example.until);
  for (const created of example.creates ?? []) {
    const path = created.startsWith('~/') ? join(env.HOME!, created.slice(2)) : join(cwd, created);
    expect(existsSync(path), `${where}: ${created} was written`).toBe(true);
  }
}
