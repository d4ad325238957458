// Spectral's ajv validators, compiled once at build time for `loom lint` (see bundle.mjs).
//
// 1. The ruleset validator.
// Every `new Ruleset(...)` (Loom's own ruleset at every `loom lint`, a user's `.spectral.yaml`)
// is checked by spectral-core against its ruleset JSON Schema: spectral-core's
// dist/ruleset/validation/ajv.js builds an Ajv 2020 instance, adds ajv-formats, ajv-errors and
// its `x-spectral-runtime` keyword, and compiles the schema at run time: about 0.2 s of CPU at
// every start, the same work each time. Here ajv compiles it once, when the bundle is built,
// to standalone code (https://ajv.js.org/standalone.html), and the bundle's ajv.js serves that
// code instead. The check itself is unchanged: every ruleset is still validated at every run,
// by the same schema, keywords and options, with the same errors (packages/cli/test/spectral-precompiled.test.ts
// compares the two validators on valid and invalid rulesets, and a CLI test shows an invalid
// ruleset still fails).
//
// 2. The options and input schemas of Spectral's functions. spectral-core's dist/ruleset/function.js
// compiles each function's schemas with one shared Ajv instance (ajv-errors, ajv-formats) when the
// function is created: at every start, for every function of @stoplight/spectral-functions, of the
// Arazzo ruleset and of Loom's rules (about 0.1 s, most of it ajv-errors compiling its meta-schema).
// Those schemas are fixed code; they are compiled here, and the bundle's function.js looks a schema
// up by its JSON text. A schema not found (a user's JS ruleset function) is compiled as before, by
// the same Ajv, created on first use.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** spectral-core's version this replacement was written against: another version's ajv.js must be reviewed first. */
const SPECTRAL_CORE_VERSION = '1.24.1';
const VALIDATION_FILE = /[\\/]@stoplight[\\/]spectral-core[\\/]dist[\\/]ruleset[\\/]validation[\\/]ajv\.js$/;
const FORMATS = ['js', 'json'];

/**
 * The standalone code (a CommonJS module) of spectral-core's ruleset validator for one format
 * ('js': rulesets given as objects with functions; 'json': as a file's data), compiled with
 * the ajv, plugins and options of spectral-core's own createValidator, resolved from
 * `validationFolder` (spectral-core's dist/ruleset/validation).
 */
export function compileRulesetValidator(validationFolder, format) {
  const require = createRequire(path.join(validationFolder, 'ajv.js'));
  const { default: Ajv2020, _ } = require('ajv/dist/2020');
  const names = require('ajv/dist/compile/names').default;
  const standaloneCode = require('ajv/dist/standalone').default;
  const addFormats = require('ajv-formats');
  const addErrors = require('ajv-errors');
  const meta = (name) => require(`../meta/${name}.json`);
  // Copied from spectral-core 1.24.1 dist/ruleset/validation/ajv.js createValidator, with code.source on.
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictRequired: false,
    keywords: ['$anchor'],
    schemas: [meta('rule.schema'), meta('shared')],
    passContext: true,
    code: { source: true },
  });
  addFormats(ajv);
  addErrors(ajv);
  ajv.addKeyword({
    keyword: 'x-spectral-runtime',
    schemaType: 'string',
    error: {
      message: (cxt) => _`${cxt.params?.message !== void 0 ? cxt.params.message : ''}`,
      params: (cxt) => _`{ errors: ${cxt.params?.errors !== void 0 && cxt.params.errors} || [] }`,
    },
    code(cxt) {
      const { data } = cxt;
      switch (cxt.schema) {
        case 'format':
          cxt.fail(_`typeof ${data} !== "function"`);
          break;
        case 'ruleset-function': {
          const fn = cxt.gen.const('spectralFunction', _`this.validateFunction(${data}.function, ${data}.functionOptions === void 0 ? null : ${data}.functionOptions, ${names.instancePath})`);
          cxt.gen.if(_`${fn} !== void 0`);
          cxt.error(false, { errors: fn });
          cxt.gen.endIf();
          break;
        }
        case 'alias': {
          const alias = cxt.gen.const('spectralAlias', _`this.validateAlias(${names.rootData}, ${data}, ${names.instancePath})`);
          cxt.gen.if(_`${alias} !== void 0`);
          cxt.error(false, { errors: alias });
          cxt.gen.endIf();
          break;
        }
      }
    },
  });
  ajv.addSchema(meta(format === 'js' ? 'js-extensions' : 'json-extensions'));
  return standaloneCode(ajv, ajv.compile(meta('ruleset.schema')));
}

/**
 * spectral-core's ajv.js as it is in the bundle: createValidator as before (one validator per
 * format, called with the alias and function validators as `this`), the validators precompiled.
 */
const REPLACEMENT = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createValidator = void 0;
const alias_1 = require("./validators/alias");
const function_1 = require("./validators/function");
const compiled = { js: () => require("loom-precompiled-ruleset-validator:js"), json: () => require("loom-precompiled-ruleset-validator:json") };
const validators = { js: null, json: null };
function createValidator(format) {
  const existingValidator = validators[format];
  if (existingValidator !== null) return existingValidator;
  const validator = new Proxy(compiled[format](), {
    apply(target, thisArg, args) {
      return Reflect.apply(target, { validateAlias: alias_1.validateAlias, validateFunction: function_1.validateFunction }, args);
    },
  });
  validators[format] = validator;
  return validator;
}
exports.createValidator = createValidator;
`;

/** The esbuild plugin: spectral-core's ajv.js becomes REPLACEMENT, its validators the precompiled modules. */
export const precompiledRulesetValidator = {
  name: 'precompiled-ruleset-validator',
  setup(builder) {
    let validationFolder;
    builder.onLoad({ filter: VALIDATION_FILE }, (args) => {
      validationFolder = path.dirname(args.path);
      const { version } = createRequire(args.path)('../../../package.json');
      if (version !== SPECTRAL_CORE_VERSION) {
        return { errors: [{ text: `@stoplight/spectral-core is ${version}, not ${SPECTRAL_CORE_VERSION}: compare its dist/ruleset/validation/ajv.js with compileRulesetValidator in ${path.basename(import.meta.url)}, then update SPECTRAL_CORE_VERSION` }] };
      }
      return { contents: REPLACEMENT, loader: 'js', resolveDir: validationFolder };
    });
    builder.onResolve({ filter: /^loom-precompiled-ruleset-validator:/ }, (args) => ({ path: args.path.split(':')[1], namespace: 'loom-precompiled-ruleset-validator', pluginData: args.resolveDir }));
    builder.onLoad({ filter: /.*/, namespace: 'loom-precompiled-ruleset-validator' }, (args) => {
      if (!FORMATS.includes(args.path)) return { errors: [{ text: `no ruleset format ${args.path}` }] };
      const folder = args.pluginData ?? validationFolder;
      // The standalone code requires ajv's runtime helpers and ajv-formats' formats: resolved from spectral-core, as its ajv is.
      return { contents: compileRulesetValidator(folder, args.path), loader: 'js', resolveDir: folder };
    });
  },
};

const FUNCTION_FILE = /[\\/]@stoplight[\\/]spectral-core[\\/]dist[\\/]ruleset[\\/]function\.js$/;

/** function.js's own Ajv, verbatim: the replacement creates it on first use instead of at load. */
const FUNCTION_AJV = `const ajv = new ajv_1.default({ allErrors: true, allowUnionTypes: true, strict: true, keywords: ['x-internal'] });
(0, ajv_errors_1.default)(ajv);
(0, ajv_formats_1.default)(ajv);
`;

/**
 * The schemas Spectral's functions compile when they are created, as function.js's `schemas`
 * property records them: every function of @stoplight/spectral-functions and of the Arazzo
 * ruleset, and Loom's rule function. A schema with an `$id` stays out: the shared Ajv registers
 * it, and a user's schema could refer to it.
 */
export async function collectFunctionSchemas(spectralRulesetFolder) {
  const require = createRequire(path.join(spectralRulesetFolder, 'package.json'));
  const rulesetsRequire = createRequire(require.resolve('@stoplight/spectral-rulesets'));
  const functions = [
    ...Object.values(rulesetsRequire('@stoplight/spectral-functions')),
    ...Object.values(require('@stoplight/spectral-rulesets/dist/arazzo/functions/index.js')),
  ];
  const { createLoomRuleset } = await import(pathToFileURL(path.join(spectralRulesetFolder, 'dist', 'index.js')).href);
  for (const rule of Object.values(createLoomRuleset().rules)) if (typeof rule === 'object') functions.push(rule.then.function);
  const schemas = new Map();
  for (const fn of functions) {
    for (const schema of [fn?.schemas?.input, fn?.schemas?.options]) {
      if (schema === null || schema === undefined) continue;
      const key = JSON.stringify(schema);
      if (!key.includes('"$id"')) schemas.set(key, schema);
    }
  }
  return schemas;
}

/**
 * The standalone code of each schema, compiled as function.js's Ajv would (resolved from spectral-core's
 * ruleset folder). A schema that Ajv refuses stays out: function.js's own Ajv refuses it at run time, as before.
 */
function compileFunctionSchemas(rulesetFolder, schemas) {
  const require = createRequire(path.join(rulesetFolder, 'function.js'));
  const Ajv = require('ajv').default;
  const standaloneCode = require('ajv/dist/standalone').default;
  const compiled = [];
  for (const [key, schema] of schemas) {
    // FUNCTION_AJV's options, with code.source on; an instance per schema, as each is a module of its own.
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: true, keywords: ['x-internal'], code: { source: true } });
    require('ajv-errors').default(ajv);
    require('ajv-formats').default(ajv);
    try {
      compiled.push({ key, code: standaloneCode(ajv, ajv.compile(schema)) });
    } catch {
      // left to run time
    }
  }
  return compiled;
}

/** The plugin: function.js gets its Ajv through the table of precompiled schemas. */
export function precompiledFunctionSchemas(spectralRulesetFolder) {
  let schemas;
  // spectral-core's dist/ruleset, as @loom/spectral-ruleset resolves it (the copy the bundle holds).
  const spectralCore = createRequire(path.join(spectralRulesetFolder, 'package.json')).resolve('@stoplight/spectral-core');
  const rulesetFolder = path.join(path.dirname(spectralCore), 'ruleset');
  return {
    name: 'precompiled-function-schemas',
    setup(builder) {
      builder.onLoad({ filter: FUNCTION_FILE }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        const uses = text.match(/\bajv\.\w+/g) ?? [];
        if (!text.includes(FUNCTION_AJV) || uses.some((use) => use !== 'ajv.compile')) {
          return { errors: [{ text: `${args.path} creates or uses its Ajv differently now: review precompiledFunctionSchemas in ${path.basename(import.meta.url)}` }] };
        }
        // The original lines, verbatim, inside a function: the fallback Ajv is the very one function.js made.
        const contents = text.replace(FUNCTION_AJV, `const ajv = require("loom-precompiled-function-schemas").precompiledOr(() => {\n${FUNCTION_AJV}return ajv;\n});\n`);
        return { contents, loader: 'js', resolveDir: path.dirname(args.path) };
      });
      builder.onResolve({ filter: /^loom-precompiled-function-schemas(:\d+)?$/ }, (args) => ({ path: args.path, namespace: 'loom-precompiled-function-schemas' }));
      builder.onLoad({ filter: /.*/, namespace: 'loom-precompiled-function-schemas' }, async (args) => {
        schemas ??= compileFunctionSchemas(rulesetFolder, await collectFunctionSchemas(spectralRulesetFolder));
        const index = args.path.split(':')[1];
        if (index !== undefined) return { contents: schemas[Number(index)].code, loader: 'js', resolveDir: rulesetFolder };
        const entries = schemas.map(({ key }, i) => `  [${JSON.stringify(key)}, () => require("loom-precompiled-function-schemas:${i}")],`);
        const contents = `"use strict";
const PRECOMPILED = new Map([
${entries.join('\n')}
]);
exports.PRECOMPILED_KEYS = [...PRECOMPILED.keys()];
/** An Ajv look-alike for function.js: compile() serves a precompiled validator, else compiles with the Ajv that create() makes. */
exports.precompiledOr = (create) => {
  let ajv;
  return {
    compile(schema) {
      const load = PRECOMPILED.get(JSON.stringify(schema));
      return load !== undefined ? load() : (ajv ??= create()).compile(schema);
    },
  };
};
`;
        return { contents, loader: 'js', resolveDir: rulesetFolder };
      });
    },
  };
}
