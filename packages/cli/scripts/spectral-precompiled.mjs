// Spectral's ruleset validator, compiled once at build time for `loom lint` (see bundle.mjs).
//
// Every `new Ruleset(...)` (Loom's own ruleset at every `loom lint`, a user's `.spectral.yaml`)
// is checked by spectral-core against its ruleset JSON Schema: spectral-core's
// dist/ruleset/validation/ajv.js builds an Ajv 2020 instance, adds ajv-formats, ajv-errors and
// its `x-spectral-runtime` keyword, and compiles the schema at run time: about 0.2 s of CPU at
// every start, the same work each time. Here ajv compiles it once, when the bundle is built,
// to standalone code (https://ajv.js.org/standalone.html), and the bundle's ajv.js serves that
// code instead. The check itself is unchanged: every ruleset is still validated at every run,
// by the same schema, keywords and options, with the same errors (test/spectral-precompiled.test.ts
// compares the two validators on valid and invalid rulesets, and a CLI test shows an invalid
// ruleset still fails).
import { createRequire } from 'node:module';
import path from 'node:path';

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
