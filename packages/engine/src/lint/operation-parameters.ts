import type { Diagnostic } from '../diagnostics.js';
import { diagnosticAt } from '../document/parse-text.js';
import type { OpenApiOperation } from '../sources/types.js';
import { isIgnoredHeader, missingRequiredParameters, suppliesParameter } from '../sources/required-parameters.js';
import { lintSteps, stepParameters, type LintInput, type LintParameter } from './lint-input.js';

/**
 * Lint, DECISIONS D13: a parameter the target operation does not declare is still
 * sent, and lint warns (`parameter-undeclared`); a required operation parameter
 * (every path parameter is required) that no workflow or step parameter supplies
 * is warned about too (`parameter-required-missing`; a required `in: querystring` one is validation's
 * `parameter-querystring-missing`, DECISIONS D43, D66). Runs on any document: a step
 * whose operation did not resolve is skipped, and so is the required check of a step
 * with a parameter that cannot be read (it might be the one supplying it).
 */
export function checkOperationParameters(input: LintInput): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const step of lintSteps(input)) {
    const operation = step.operation;
    if (!operation || step.step.value['workflowId'] !== undefined) continue;
    const { parameters, complete } = stepParameters(input.parsed.data, step);
    for (const parameter of parameters) {
      if (!parameter.in || declares(operation, parameter)) continue;
      if (isIgnoredHeader(parameter)) continue;
      if (isSecuritySchemeParameter(input, operation, parameter)) continue;
      diagnostics.push(
        diagnosticAt(input.parsed, parameter.path, {
          code: 'parameter-undeclared',
          severity: 'warning',
          message: `operation ${describe(operation)} declares no ${parameter.in} parameter '${parameter.name}'; it is sent anyway (D13)`,
        }),
      );
    }
    if (!complete) continue;
    const stepId = step.step.value['stepId'];
    for (const required of missingRequiredParameters(operation, parameters)) {
      if (required.in === 'querystring') continue;
      diagnostics.push(
        diagnosticAt(input.parsed, [...step.step.path, 'stepId'], {
          code: 'parameter-required-missing',
          severity: 'warning',
          message: `step ${typeof stepId === 'string' ? `'${stepId}'` : `#${step.stepIndex + 1}`} never supplies the required ${required.in} parameter '${required.name}' of operation ${describe(operation)}`,
        }),
      );
    }
  }
  return diagnostics;
}

function describe(operation: OpenApiOperation): string {
  return operation.operationId ? `'${operation.operationId}'` : `${operation.method.toUpperCase()} ${operation.path}`;
}

function declares(operation: OpenApiOperation, parameter: LintParameter): boolean {
  return operation.parameters.some((declared) => suppliesParameter(declared, parameter));
}

/** An apiKey security scheme of the operation's source names its own header / query / cookie parameter. */
function isSecuritySchemeParameter(input: LintInput, operation: OpenApiOperation, parameter: LintParameter): boolean {
  const source = input.openApiSources.get(operation.sourceName);
  if (!source) return false;
  return Object.values(source.securitySchemes).some((scheme) => {
    if (scheme['type'] !== 'apiKey' || scheme['in'] !== parameter.in || typeof scheme['name'] !== 'string') return false;
    return parameter.in === 'header' ? scheme['name'].toLowerCase() === parameter.name.toLowerCase() : scheme['name'] === parameter.name;
  });
}
