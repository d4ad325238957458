import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDocument } from '../packages/engine/src/index.js';
import { expressionsOf } from '../packages/engine/src/model/document-expressions.js';

/**
 * Issue 12, "Parse once, walk once": a document's expressions are parsed in one place
 * (packages/engine/src/model/document-expressions.ts), as the document is validated; the
 * model, the compiler, lint and `loom types` read the trees from there.
 */
const root = fileURLToPath(new URL('../', import.meta.url));

/** The parsers of @loom/expressions that read a document's text. */
const PARSERS = ['classifyString', 'compileCriterion', 'compileValue', 'readOperationPath', 'parseExpression', 'parseTemplate', 'parseCondition', 'isExpression'];
/** A regular expression that reads a runtime expression by its roots. */
const EXPRESSION_REGEX = /\/\^?\\+\$(steps|inputs|outputs|response|request|sourceDescriptions|components|workflows|statusCode|url|method)/;

/**
 * The one module that parses, and the one reader of text that is not a runtime expression: the sources
 * module finds an operation from the operationId / operationPath text it is given, and an operationPath
 * is a URL and a JSON Pointer (Arazzo 1.0.1 §Step Object; issue 11), which the expression parser does not read.
 */
const ALLOWED = new Set(['packages/engine/src/model/document-expressions.ts', 'packages/engine/src/sources/resolve-operation.ts']);

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => `${folder}/${file}`);
}

describe('parse once: one place parses a document\'s expressions', () => {
  it('no engine, CLI or ruleset module but the expressions table calls a parser or reads an expression with a regex', () => {
    const offenders: string[] = [];
    for (const file of [...sourceFiles('packages/engine/src'), ...sourceFiles('packages/cli/src'), ...sourceFiles('packages/spectral-ruleset/src')]) {
      if (ALLOWED.has(file)) continue;
      const text = readFileSync(join(root, file), 'utf8');
      for (const parser of PARSERS) if (new RegExp(`\\b${parser}\\(`).test(text)) offenders.push(`${file}: ${parser}`);
      if (EXPRESSION_REGEX.test(text)) offenders.push(`${file}: a regular expression over an expression`);
    }
    expect(offenders).toEqual([]);
  });

  it('the model holds the expressions validation parsed: the compiler and lint read the same trees', async () => {
    const folder = fileURLToPath(new URL('../examples/spec/', import.meta.url));
    const loaded = await loadDocument(join(folder, 'pet-coupons.arazzo.yaml'));
    expect(loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const model = loaded.model!;
    // One table per document, kept with its data: the one validation filled, lint and the compiler read.
    const expressions = expressionsOf(model.parsed.data);
    expect(expressions).toBe(expressionsOf(loaded.document));
    const workflow = [...model.workflows.values()][0]!;
    const step = workflow.steps.find((candidate) => candidate.successCriteria.length > 0)!;
    const scope = expressions.scopeOf(workflow.workflowId);
    // The criterion compiled while validating is the one a run evaluates: compiled once.
    const first = expressions.criterion(step.successCriteria[0]!, scope);
    expect(expressions.criterion(step.successCriteria[0]!, scope)).toBe(first);
    const output = Object.values(step.outputs)[0] as string;
    const classified = expressions.classify(output);
    expect(classified.kind).toBe('expression');
    expect(expressions.classify(output)).toBe(classified);
  });
});
