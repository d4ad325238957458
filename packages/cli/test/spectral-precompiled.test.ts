/**
 * Spectral's ajv validators, compiled at build time (scripts/spectral-precompiled.mjs): the
 * bundle's ruleset validator must judge every ruleset exactly as spectral-core's own, compiled at
 * run time, does (same verdict, same errors), an invalid ruleset must still fail `loom lint`, and
 * the functions' precompiled option and input schemas must accept and reject what ajv's would.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { createLoomRuleset } from '@loom/spectral-ruleset';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runLoom } from '../../../test/support/run-loom.js';
import { collectFunctionSchemas, precompiledFunctionSchemas, precompiledRulesetValidator } from '../scripts/spectral-precompiled.mjs';

type Validator = ((ruleset: unknown) => boolean) & { errors?: unknown };
type CreateValidator = (format: 'js' | 'json') => Validator;
type RulesetFunction = ((input: unknown, options: unknown, ...rest: unknown[]) => unknown) & { validator(options: unknown): void };
type CreateRulesetFunction = (schemas: { input: unknown; options: unknown; errorOnInvalidInput?: boolean }, fn: (...args: unknown[]) => unknown) => RulesetFunction;

const spectralCoreEntry = createRequire(join(repoRoot, 'packages/spectral-ruleset/package.json')).resolve('@stoplight/spectral-core');
const validationFile = join(dirname(spectralCoreEntry), 'ruleset/validation/ajv.js');
const functionFile = join(dirname(spectralCoreEntry), 'ruleset/function.js');
const spectralRulesetFolder = join(repoRoot, 'packages/spectral-ruleset');

let folder: string;
let original: CreateValidator;
let precompiled: CreateValidator;
let originalFunction: CreateRulesetFunction;
let precompiledFunction: CreateRulesetFunction;
let precompiledKeys: readonly string[];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'loom-precompiled-'));
  // spectral-core's ajv.js and function.js as the bundle has them: through the plugins, with every other
  // module left to Node (external, by absolute path), so both versions share spectral-core's other modules.
  const replaced = [validationFile, functionFile];
  const entry = `module.exports = { validation: require(${JSON.stringify(validationFile)}), function: require(${JSON.stringify(functionFile)}), table: require("loom-precompiled-function-schemas") };`;
  const bundled = await build({
    stdin: { contents: entry, resolveDir: folder, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'warning',
    plugins: [
      precompiledRulesetValidator,
      precompiledFunctionSchemas(spectralRulesetFolder),
      {
        name: 'others-external',
        setup(builder) {
          builder.onResolve({ filter: /.*/ }, async (args) => {
            if (replaced.includes(args.path) || args.namespace !== 'file' || args.pluginData === 'resolving' || args.path.startsWith('loom-precompiled-')) return undefined;
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
  const modules = require(file) as { validation: { createValidator: CreateValidator }; function: { createRulesetFunction: CreateRulesetFunction }; table: { PRECOMPILED_KEYS: string[] } };
  precompiled = modules.validation.createValidator;
  precompiledFunction = modules.function.createRulesetFunction;
  precompiledKeys = modules.table.PRECOMPILED_KEYS;
  original = (require(validationFile) as { createValidator: CreateValidator }).createValidator;
  originalFunction = (require(functionFile) as { createRulesetFunction: CreateRulesetFunction }).createRulesetFunction;
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

  it("precompiles every schema of Spectral's functions and Loom's, and each accepts and rejects what ajv's own compile does", async () => {
    const schemas = await collectFunctionSchemas(spectralRulesetFolder);
    // casing, pattern, enumeration, length, xor, ... and Loom's rule function: all precompiled.
    expect(precompiledKeys).toEqual([...schemas.keys()]);
    expect(precompiledKeys.length).toBeGreaterThan(10);
    for (const key of precompiledKeys) {
      const schema = JSON.parse(key) as unknown;
      for (const value of samplesOf(schema)) {
        // As options: the function's validator throws Spectral's error, with ajv's errors inside.
        const asOptions = (create: CreateRulesetFunction) => outcome(() => create({ input: null, options: schema }, () => 'ran').validator(value));
        expect(asOptions(precompiledFunction)).toEqual(asOptions(originalFunction));
        // As input: an invalid input is reported with the schema's errorMessage, or skipped.
        const asInput = (create: CreateRulesetFunction) => outcome(() => create({ input: schema, options: null, errorOnInvalidInput: true }, () => 'ran')(value, null));
        expect(asInput(precompiledFunction)).toEqual(asInput(originalFunction));
      }
    }
    // A schema no function of Spectral's or Loom's has (a user's JS ruleset function) is compiled at run time, as before.
    const own = { type: 'object', properties: { max: { type: 'integer', minimum: 1 } }, required: ['max'], additionalProperties: false };
    for (const value of [{ max: 2 }, { max: 0 }, { max: 'x' }, {}, { max: 1, other: 1 }, null]) {
      const check = (create: CreateRulesetFunction) => outcome(() => create({ input: null, options: own }, () => 'ran').validator(value));
      expect(check(precompiledFunction)).toEqual(check(originalFunction));
    }
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

/** What a call did: its value, or the error it threw (message, and the messages and paths of an AggregateError's errors). */
function outcome(call: () => unknown): unknown {
  try {
    return { value: call() };
  } catch (error) {
    const { message, errors } = error as { message: string; errors?: { message: string; path?: unknown }[] };
    return { message, errors: errors?.map((inner) => ({ message: inner.message, path: inner.path })) };
  }
}

/** Values to try against a schema: one of each JSON type, its enum values, and objects with each property set to each of those. */
function samplesOf(schema: unknown): unknown[] {
  const basic: unknown[] = [null, true, 0, 2, -1.5, '', 'abc', 'camel', [], ['a', 1], {}, { x: 1 }];
  const enums = (node: unknown): unknown[] => (typeof node === 'object' && node !== null && Array.isArray((node as { enum?: unknown[] }).enum) ? (node as { enum: unknown[] }).enum : []);
  const values = [...basic, ...enums(schema)];
  const properties = (schema as { properties?: Record<string, unknown> } | null)?.properties ?? {};
  for (const [name, property] of Object.entries(properties)) {
    for (const value of [...basic, ...enums(property)]) values.push({ [name]: value });
  }
  const required = (schema as { required?: string[] } | null)?.required;
  if (required) values.push(Object.fromEntries(required.map((name) => [name, enums(properties[name])[0] ?? 'abc'])));
  return values;
}
