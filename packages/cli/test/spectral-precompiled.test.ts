/**
 * Spectral's ruleset validator, compiled at build time (scripts/spectral-precompiled.mjs): the
 * bundle's validator must judge every ruleset exactly as spectral-core's own, compiled at run
 * time, does (same verdict, same errors), and an invalid ruleset must still fail `loom lint`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { createLoomRuleset } from '@loom/spectral-ruleset';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runLoom } from '../../../test/support/run-loom.js';
import { precompiledRulesetValidator } from '../scripts/spectral-precompiled.mjs';

type Validator = ((ruleset: unknown) => boolean) & { errors?: unknown };
type CreateValidator = (format: 'js' | 'json') => Validator;

const spectralCoreEntry = createRequire(join(repoRoot, 'packages/spectral-ruleset/package.json')).resolve('@stoplight/spectral-core');
const validationFile = join(dirname(spectralCoreEntry), 'ruleset/validation/ajv.js');

let folder: string;
let original: CreateValidator;
let precompiled: CreateValidator;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'loom-precompiled-'));
  // spectral-core's ajv.js as the bundle has it: through the plugin, with every other module
  // left to Node (external, by absolute path), so both validators share spectral-core's other modules.
  const bundled = await build({
    stdin: { contents: `module.exports = require(${JSON.stringify(validationFile)});`, resolveDir: folder, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'warning',
    plugins: [
      precompiledRulesetValidator,
      {
        name: 'others-external',
        setup(builder) {
          builder.onResolve({ filter: /.*/ }, async (args) => {
            if (args.path === validationFile || args.namespace !== 'file' || args.pluginData === 'resolving' || args.path.startsWith('loom-precompiled-')) return undefined;
            const resolved = await builder.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' });
            return { path: resolved.path, external: true };
          });
        },
      },
    ],
  });
  const file = join(folder, 'precompiled-ajv.cjs');
  await writeFile(file, bundled.outputFiles[0]!.contents);
  const require = createRequire(import.meta.url);
  precompiled = (require(file) as { createValidator: CreateValidator }).createValidator;
  original = (require(validationFile) as { createValidator: CreateValidator }).createValidator;
}, 60_000);

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** What each validator says of a ruleset: its verdict and its errors. */
function verdicts(format: 'js' | 'json', ruleset: unknown) {
  const judge = (create: CreateValidator) => {
    const validate = create(format);
    const valid = validate(ruleset);
    return { valid, errors: validate.errors ?? null };
  };
  return { original: judge(original), precompiled: judge(precompiled) };
}

describe("Spectral's ruleset validator, precompiled for the bundle", () => {
  it('judges JS rulesets (objects with functions) as spectral-core does: valid ones and each kind of invalid one', () => {
    const loom = createLoomRuleset() as unknown as { rules: Record<string, { then: { function: unknown } }>; extends: [[{ rules: Record<string, { then: { function: unknown } }> }, string]] };
    const loomFunction = loom.rules['loom-expressions']!.then.function;
    const truthy = loom.extends[0][0].rules['arazzo-info-description']!.then.function;
    const rulesets: unknown[] = [
      loom,
      loom.extends[0][0],
      { rules: {} },
      { extends: [[loom, 'all']], rules: { 'arazzo-step-description': 'off', 'loom-literal-secret': 'error' } },
      { rules: { mine: { given: ['$.info', '$.workflows[*]'], severity: 'warn', then: [{ field: 'description', function: truthy }] } } },
      // invalid: a given that is no path, an unknown severity, a URL that is none, an unknown key
      { rules: { mine: { given: 5, then: { function: truthy } } } },
      { rules: { mine: { given: '$', severity: 'fatal', then: { function: truthy } } }, documentationUrl: 'not a url' },
      { rules: { mine: { given: '$', then: { function: truthy } } }, unknown: true },
      // invalid options of a function: checked by the function's own validator, called from the schema
      { rules: { mine: { given: '$', then: { function: truthy, functionOptions: { a: 1 } } } } },
      { rules: { mine: { given: '$', then: { function: loomFunction, functionOptions: { kind: 'nope', rule: 'x' } } } } },
      { rules: { mine: { given: '$', then: { function: 'truthy' } } } },
      { extends: [[loom, 'some']], overrides: [], aliases: { '1x': ['$'] } },
      { aliases: { Info: '#nope' }, rules: { mine: { given: '#Info', then: { function: truthy } } } },
      'not an object',
    ];
    for (const ruleset of rulesets) {
      const { original: expected, precompiled: actual } = verdicts('js', ruleset);
      expect(actual).toEqual(expected);
    }
    expect(rulesets.map((ruleset) => verdicts('js', ruleset).precompiled.valid)).toEqual([true, true, true, true, true, false, false, false, false, false, false, false, false, false]);
  });

  it('judges JSON rulesets (a file’s data) as spectral-core does', () => {
    const rulesets: unknown[] = [
      { extends: ['spectral:arazzo'], rules: { mine: { given: '$', then: { field: 'info', function: 'truthy' } } } },
      { extends: [['spectral:arazzo', 'off']], functions: ['mine'], functionsDir: './functions', rules: {} },
      { extends: 'spectral:arazzo', rules: { mine: { given: '$', then: { function: 5 } } } },
      { rules: { mine: { given: '', then: { function: 'truthy' } } }, formats: ['oas3'] },
      { overrides: [{ files: ['a.yaml#/info'], rules: { mine: 'nope' } }] },
    ];
    for (const ruleset of rulesets) {
      const { original: expected, precompiled: actual } = verdicts('json', ruleset);
      expect(actual).toEqual(expected);
    }
    expect(rulesets.map((ruleset) => verdicts('json', ruleset).precompiled.valid)).toEqual([true, true, false, false, false]);
  });

  it('an invalid ruleset file still fails loom lint (exit 2, one line)', { timeout: 60_000 }, async () => {
    const cases = {
      'given.yaml': 'extends: ["@loom/spectral-ruleset"]\nrules:\n  mine:\n    given: 5\n    then: { function: truthy }\n',
      'options.yaml': 'rules:\n  mine:\n    given: "$"\n    then:\n      function: truthy\n      functionOptions: { a: 1 }\n',
    };
    for (const [name, text] of Object.entries(cases)) await writeFile(join(folder, name), text);
    await writeFile(join(folder, 'flow.arazzo.yaml'), 'arazzo: 1.0.1\ninfo: { title: t, version: 1.0.0 }\nsourceDescriptions: []\nworkflows: []\n');
    for (const name of Object.keys(cases)) {
      const result = await runLoom(['lint', 'flow.arazzo.yaml', '--ruleset', name], { cwd: folder });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(new RegExp(`^loom: invalid ruleset .*${name}: .*\\n$`));
    }
  });
});
