import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import addFormats from 'ajv-formats';
import { arazzoSchema } from '../dist/validate/arazzo-schema.js';
const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true, code: { source: true, esm: true } });
(addFormats.default ?? addFormats)(ajv);
const validate = ajv.compile(arazzoSchema);
const code = (standaloneCode.default ?? standaloneCode)(ajv, validate);
process.stdout.write(code);
