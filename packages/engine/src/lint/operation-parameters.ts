import type { Diagnostic } from '../diagnostics.js';
import type { PathSegment } from '../json-pointer.js';
import { diagnosticAt } from '../loader/parse-text.js';
import { isReusableObject, type Parameter, type ReusableObject } from '../model/arazzo.js';
import type { ResolvedDocument, ResolvedParameter } from '../model/resolved.js';
import type { OpenApiOperation, OpenApiParameter } from '../sources/types.js';

/**
 * OpenAPI 3.x §Parameter Object: header parameters named Accept, Content-Type or
 * Authorization are ignored in an operation's definition, so supplying them is never "undeclared".
 */
const IMPLICIT_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/**
 * Lint, DECISIONS D13: a parameter the target operation does not declare is still
 * sent, and lint warns (`parameter-undeclared`); a required operation parameter
 * (every path parameter is required) that no workflow or step parameter supplies
 * is warned about too (`parameter-required-missing`).
 */
export function checkOperationParameters(model: ResolvedDocument): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [workflowIndex, definition] of model.document.workflows.entries()) {
    const workflow = model.workflows.get(definition.workflowId);
    if (!workflow) continue;
    for (const step of workflow.steps) {
      if (step.target.kind !== 'operation') continue;
      const operation = step.target.operation;
      const stepPath: PathSegment[] = ['workflows', workflowIndex, 'steps', step.index];
      for (const parameter of step.parameters) {
        if (!parameter.in || declares(operation, parameter)) continue;
        if (parameter.in === 'header' && IMPLICIT_HEADERS.has(parameter.name.toLowerCase())) continue;
        if (isSecuritySchemeParameter(model, operation, parameter)) continue;
        const path = parameterPath(model, workflowIndex, step.index, parameter) ?? stepPath;
        diagnostics.push(
          diagnosticAt(model.parsed, path, {
            code: 'parameter-undeclared',
            severity: 'warning',
            message: `operation ${describe(operation)} declares no ${parameter.in} parameter '${parameter.name}'; it is sent anyway (D13)`,
          }),
        );
      }
      for (const required of operation.parameters.filter((candidate) => candidate.required === true || candidate.in === 'path')) {
        if (step.parameters.some((parameter) => matches(required, parameter))) continue;
        diagnostics.push(
          diagnosticAt(model.parsed, [...stepPath, 'stepId'], {
            code: 'parameter-required-missing',
            severity: 'warning',
            message: `step '${step.stepId}' never supplies the required ${required.in} parameter '${required.name}' of operation ${describe(operation)}`,
          }),
        );
      }
    }
  }
  return diagnostics;
}

function describe(operation: OpenApiOperation): string {
  return operation.operationId ? `'${operation.operationId}'` : `${operation.method.toUpperCase()} ${operation.path}`;
}

function matches(declared: OpenApiParameter, supplied: ResolvedParameter): boolean {
  if (declared.in !== supplied.in) return false;
  // RFC 9110 §5.1: header field names are case-insensitive.
  return declared.in === 'header' ? declared.name.toLowerCase() === supplied.name.toLowerCase() : declared.name === supplied.name;
}

function declares(operation: OpenApiOperation, parameter: ResolvedParameter): boolean {
  return operation.parameters.some((declared) => matches(declared, parameter));
}

/** An apiKey security scheme of the operation's source names its own header / query / cookie parameter. */
function isSecuritySchemeParameter(model: ResolvedDocument, operation: OpenApiOperation, parameter: ResolvedParameter): boolean {
  const source = model.sources.get(operation.sourceName);
  if (!source || source.type !== 'openapi') return false;
  return Object.values(source.securitySchemes).some((scheme) => {
    if (scheme['type'] !== 'apiKey' || scheme['in'] !== parameter.in || typeof scheme['name'] !== 'string') return false;
    return parameter.in === 'header' ? scheme['name'].toLowerCase() === parameter.name.toLowerCase() : scheme['name'] === parameter.name;
  });
}

/** Where a resolved parameter was written: the step's list first (it overrides, D13), then the workflow's. */
export function parameterPath(model: ResolvedDocument, workflowIndex: number, stepIndex: number, parameter: ResolvedParameter): PathSegment[] | undefined {
  const workflow = model.document.workflows[workflowIndex];
  const step = workflow?.steps[stepIndex];
  const stepIndexInList = findParameter(step?.parameters, parameter);
  if (stepIndexInList !== undefined) return ['workflows', workflowIndex, 'steps', stepIndex, 'parameters', stepIndexInList];
  const workflowIndexInList = findParameter(workflow?.parameters, parameter);
  if (workflowIndexInList !== undefined) return ['workflows', workflowIndex, 'parameters', workflowIndexInList];
  return undefined;
}

function findParameter(list: readonly (Parameter | ReusableObject)[] | undefined, parameter: ResolvedParameter): number | undefined {
  const index = (list ?? []).findIndex((item) =>
    isReusableObject(item) ? item.reference === parameter.reference : item.name === parameter.name && (item.in === undefined || item.in === parameter.in),
  );
  return index < 0 ? undefined : index;
}
