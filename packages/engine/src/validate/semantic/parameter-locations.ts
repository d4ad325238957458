import { isReusableObject } from '../../model/arazzo.js';
import { diagnosticAt } from '../../document/parse-text.js';
import type { OpenApiOperation } from '../../sources/types.js';
import { missingRequiredParameters, requiredQuerystring, type SuppliedParameter } from '../../sources/required-parameters.js';
import { objectItems, stringField, type Data, type Located } from '../document-walk.js';
import type { DocumentVisitor } from '../document-walker.js';
import type { RuleContext } from './context.js';
import { componentOf } from './uniqueness.js';

/** The operation a step resolved to in this walk, when the sources were loaded and it resolved. */
export type StepOperationLookup = (step: Located<Data>) => OpenApiOperation | undefined;

/**
 * Rule `parameter-in`. Arazzo 1.0.1 §Parameter Object `in`: required unless the step runs a workflow.
 * DECISIONS D13: Loom takes a missing `in` from the operation's only parameter of that name, so a missing
 * `in` is a warning; once the step's resolved operation (`operationOf`, with sources) shows that it cannot
 * be taken (no parameter of that name, or several), it is an error there instead, and the warning for
 * that parameter is not given. A workflow's parameters apply to each of its operation steps: the warning
 * is told once, the errors per step. Must follow the operation visitor that `operationOf` reads.
 * Rule `parameter-querystring-missing` (DECISIONS D43): a 1.1 step calling an operation that requires the
 * whole query string gives it.
 */
export function parameterLocationsVisitor({ document, parsed, sink, expressions }: RuleContext, operationOf?: StepOperationLookup): DocumentVisitor {
  /** The warnings of the workflow being walked, by parameter path, until the workflow ends. */
  let warnings = new Map<string, { path: readonly (string | number)[]; message: string }>();
  /** Paths of the parameters an operation showed `in` cannot be taken for (an error at each). */
  let failed = new Set<string>();
  /**
   * Arazzo 1.1 §Parameter Object `in: querystring` (DECISIONS D102): the parameter is the whole query
   * string, so a step has at most one and never together with `query` parameters.
   */
  const querystringAlone = (items: readonly Located<Data>[], stepId: string): void => {
    const located = items.map((item) => ({ item, parameter: componentOf(document, item.value, 'parameters') }));
    const whole = located.filter(({ parameter }) => parameter?.['in'] === 'querystring');
    if (whole.length === 0) return;
    const query = located.filter(({ parameter }) => parameter?.['in'] === 'query').map(({ parameter }) => String(parameter!['name']));
    const at = (item: Located<Data>): readonly (string | number)[] => (isReusableObject(item.value) ? [...item.path, 'reference'] : [...item.path, 'in']);
    if (query.length > 0) {
      const message = `Step '${stepId}': a querystring parameter is the whole query string; it cannot be combined with query parameters (${query.join(', ')}).`;
      sink.diagnostics.push(diagnosticAt(parsed, at(whole[0]!.item), { code: 'parameter-in', severity: 'error', message }, 'value'));
    }
    for (const extra of whole.slice(1)) {
      sink.diagnostics.push(diagnosticAt(parsed, at(extra.item), { code: 'parameter-in', severity: 'error', message: `Step '${stepId}': only one querystring parameter is allowed; it is the whole query string.` }, 'value'));
    }
  };
  /**
   * DECISIONS D43: an operation that requires an OpenAPI 3.2 `in: querystring` parameter needs a 1.1 step (or its
   * workflow) to give one; the shared required-parameter check says whether it does (a parameter without `in`
   * takes the operation's location of its name, D13). Arazzo 1.0 documents are refused at the operation instead.
   */
  const querystringGiven = (items: readonly Located<Data>[], step: Located<Data>, stepId: string, operation: OpenApiOperation): void => {
    const querystring = requiredQuerystring(operation);
    if (querystring === undefined || !expressions.isArazzo11) return;
    const supplied: SuppliedParameter[] = [];
    for (const item of items) {
      const parameter = componentOf(document, item.value, 'parameters');
      // A parameter that cannot be read might be the one giving it; its own rule reports it.
      if (!parameter || typeof parameter['name'] !== 'string') return;
      const name = parameter['name'];
      const written = typeof parameter['in'] === 'string' ? parameter['in'] : undefined;
      supplied.push({ name, in: written ?? operation.parameters.find((candidate) => candidate.name === name)?.in });
    }
    if (missingRequiredParameters({ parameters: [querystring] }, supplied).length === 0) return;
    const message = `Step '${stepId}': the operation ${operation.method.toUpperCase()} ${operation.path} requires the querystring parameter '${querystring.name}' (the whole query string), and neither the step nor its workflow gives one: add a parameter with in: querystring.`;
    sink.report('parameter-querystring-missing', [...step.path, 'stepId'], message);
  };
  return {
    enterWorkflow() {
      warnings = new Map();
      failed = new Set();
    },
    enterStep(step, workflow) {
      if (step.value['workflowId'] !== undefined || (step.value['operationId'] === undefined && step.value['operationPath'] === undefined)) return;
      const stepId = stringField(step.value, 'stepId') ?? '?';
      const operation = operationOf?.(step);
      const items = [...objectItems(workflow.value, 'parameters', workflow.path), ...objectItems(step.value, 'parameters', step.path)];
      querystringAlone(items, stepId);
      if (operation !== undefined) querystringGiven(items, step, stepId, operation);
      for (const item of items) {
        const parameter = componentOf(document, item.value, 'parameters');
        if (!parameter || parameter['in'] !== undefined || typeof parameter['name'] !== 'string') continue;
        const name = parameter['name'];
        if (!isReusableObject(item.value)) {
          const key = item.path.join('/');
          if (!warnings.has(key)) {
            warnings.set(key, {
              path: [...item.path, 'name'],
              message: `Parameter '${name}' has no 'in' but step '${stepId}' calls an operation; Arazzo requires 'in' there. Loom uses the operation's parameter of that name (D13).`,
            });
          }
        }
        if (operation === undefined) continue;
        const matches = operation.parameters.filter((candidate) => candidate.name === name);
        if (matches.length === 1) continue;
        const why = matches.length === 0 ? `the operation ${operation.method.toUpperCase()} ${operation.path} has no parameter '${name}'` : `the operation has ${matches.length} parameters named '${name}' (${matches.map((match) => match.in).join(', ')})`;
        const path = isReusableObject(item.value) ? [...item.path, 'reference'] : [...item.path, 'name'];
        failed.add(path.join('/'));
        sink.diagnostics.push(diagnosticAt(parsed, path, { code: 'parameter-in', severity: 'error', message: `Step '${stepId}': parameter '${name}' has no 'in' and ${why}; add 'in'.` }));
      }
    },
    leaveWorkflow() {
      for (const { path, message } of warnings.values()) if (!failed.has(path.join('/'))) sink.report('parameter-in', path, message, { severity: 'warning' });
    },
  };
}
