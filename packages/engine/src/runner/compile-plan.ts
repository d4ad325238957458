import { type RuntimeExpression } from '@loom/expressions';
import { compileJsonPathTarget, evaluateValue, explainValue, printExpression, resolveSelectorType, writeOwn, type CompiledValue } from '@loom/expressions/internal';
import { expressionsOf, type DocumentExpressions } from '../model/document-expressions.js';
import type { DocumentScope } from '../model/document-names.js';
import { isSecretHeaderName, secretInputNames } from '../secrets/secret-policy.js';
import type { Criterion, OutputValue, ParameterLocation, PayloadReplacement } from '../model/arazzo.js';
import type { ActionTarget, ResolvedDocument, ResolvedFailureAction, ResolvedParameter, ResolvedStep, ResolvedSuccessAction, ResolvedWorkflow } from '../model/resolved.js';
import { inferParameterLocation } from '../request/parameter-serialization.js';
import { compileInputsValidator, createInputsSchemaCompiler, needsInputsCompiler } from './inputs.js';
import type { SchemaCompiler } from '../json-schema/schema-compiler.js';
import { collectOpenApiSourceNames } from './server-overrides.js';
import { compileMessageTarget } from './compile-message-step.js';
import { compileSecurity, type SecurityPlan, type SecurityScheme } from '../credentials/security-plan.js';
import { carriesScheme, schemeTarget } from '../credentials/apply-security.js';
import { planCredentialInputs } from '../credentials/credential-inputs.js';
import { criterionValueReader } from './criterion-values.js';
import type { ActionPlan, CriterionPlan, OperationStepPlan, OutputPlan, ParameterPlan, ReplacementPlan, RequestBodyPlan, StepDependencyPlan, StepPlan, ValuePlan, WorkflowPlan } from './plan.js';
import { implicitStepDependencies, orderSteps, orderedStepsOf, workflowShared } from '../model/step-dependencies.js';
import { arazzoVersionOf } from '../loader/document-root.js';
import { baseUrlOf } from '../sources/base-uri.js';
import { evaluateV11Criterion } from './criteria-v11.js';
import { sourceDescriptionState } from '../model/source-references.js';

/** A document compiled for execution. */
export interface CompiledDocument {
  readonly url: string;
  readonly workflows: ReadonlyMap<string, WorkflowPlan>;
  /** True when a criterion of the document is `xpath`: the run preloads the XPath engine so criteria stay synchronous. */
  readonly usesXPath: boolean;
  /**
   * True when a workflow's inputs need ajv's compiler to be checked (inputs.ts needsInputsCompiler), or
   * when the document has `arazzo` sources (their workflows may run as steps): a run loads it first.
   */
  readonly usesInputsCompiler: boolean;
  /** What a run's `servers` overrides may name (see `checkServerOverrides`). */
  readonly openApiSourceNames: ReadonlySet<string>;
}

const compiledDocuments = new WeakMap<ResolvedDocument, CompiledDocument>();

/**
 * Compiles every workflow of a resolved document once: expressions parsed, criteria
 * compiled, inputs schemas compiled, action targets bound. Cached per document, so
 * every run of the same document shares the work (and workflows of `arazzo`
 * sources are compiled once however many documents use them).
 */
export function compileDocument(document: ResolvedDocument): CompiledDocument {
  let compiled = compiledDocuments.get(document);
  if (compiled) return compiled;
  const workflows = new Map<string, WorkflowPlan>();
  const building = {
    url: document.url,
    workflows,
    usesXPath: false,
    usesInputsCompiler:
      [...document.sources.values()].some((source) => source.type === 'arazzo') ||
      [...document.workflows.values()].some((workflow) => needsInputsCompiler(workflow.inputsSchema)),
    openApiSourceNames: collectOpenApiSourceNames(document),
  };
  compiled = building;
  // Registered before compiling, so that workflows referring to each other (goto, dependsOn,
  // workflow steps, across documents) resolve lazily to the same plans.
  compiledDocuments.set(document, compiled);
  const sourceDescriptions: WorkflowPlan['sourceDescriptions'] = {};
  // DECISIONS D95: `$sourceDescriptions.<name>.<reference>` reads an operationId or workflowId first, then a field.
  for (const source of document.document.sourceDescriptions) writeOwn(sourceDescriptions, source.name, sourceDescriptionState(source, document.sourceReferenceIds.get(source.name)));
  const components = document.document.components as Record<string, unknown> | undefined;
  const self = baseUriOf(document);
  const xpath = { used: false };
  // The document's inputs schemas are compiled by an ajv instance of its own, which goes with it.
  const schemas = createInputsSchemaCompiler();
  for (const workflow of document.workflows.values()) {
    workflows.set(workflow.workflowId, compileWorkflow(document, workflow, sourceDescriptions, components, xpath, schemas, self));
  }
  building.usesXPath = xpath.used;
  return compiled;
}

function compileWorkflow(
  document: ResolvedDocument,
  workflow: ResolvedWorkflow,
  sourceDescriptions: WorkflowPlan['sourceDescriptions'],
  components: Record<string, unknown> | undefined,
  xpath: { used: boolean },
  schemas: SchemaCompiler,
  self: string,
): WorkflowPlan {
  // The expressions were parsed as the document was validated, into the table kept with its data
  // (expressionsOf); here they are read for the place they are used in: the names the workflow
  // declares decide what a dotted name means (DECISIONS D46).
  const expressions = expressionsOf(document.parsed.data);
  const scope = expressions.scopeOf(workflow.workflowId);
  // Arazzo 1.1 §Selector Object: an xpath selector needs the XPath engine loaded before the run, as xpath criteria do.
  const valuePlan = (compiled: CompiledValue): ValuePlan => {
    if (!xpath.used && usesXPathSelector(compiled)) xpath.used = true;
    return compileValuePlan(compiled);
  };
  // DECISIONS D99: an Arazzo 1.1 document's criteria follow 1.1's clarifications where they differ from 1.0's.
  const v11 = arazzoVersionOf(document.parsed.data) === '1.1';
  const compileCriteria = (criteria: readonly Criterion[]): CriterionPlan[] =>
    criteria.map((criterion) => {
      const compiled = expressions.criterion(criterion, scope);
      if (compiled.kind === 'xpath') xpath.used = true;
      return { condition: criterion.condition, evaluate: v11 ? evaluateV11Criterion(compiled) : (context) => compiled.evaluate(context), readValues: criterionValueReader(compiled) };
    });
  const compileParameters = (parameters: readonly ResolvedParameter[]): ParameterPlan[] =>
    parameters.map((parameter) => ({ name: parameter.name, value: valuePlan(expressions.value(parameter.value, scope, 'root')) }));
  const compileAction = (action: ResolvedSuccessAction | ResolvedFailureAction): ActionPlan => {
    const failure = action as ResolvedFailureAction;
    return {
      name: action.name,
      type: action.type,
      ...targetOf(action.target),
      retryAfterSeconds: failure.retryAfter ?? 0,
      retryLimit: failure.retryLimit ?? 1,
      ...(action.parameters ? { parameters: compileParameters(action.parameters) } : {}),
      criteria: compileCriteria(action.criteria),
    };
  };
  // DECISIONS D58: an Arazzo 1.1 step's `$steps.<id>` reads (its own, its components', its workflow's, D98) are
  // dependencies a jump must respect (1.0: D14 instead).
  const stepIds = new Set(workflow.steps.map((step) => step.stepId));
  const documentData = document.parsed.data as Readonly<Record<string, unknown>>;
  const shared = workflowShared(workflow.definition as unknown as Readonly<Record<string, unknown>>);
  const stepsRead = (step: ResolvedStep): Pick<StepPlan, 'readsSteps'> => {
    if (!expressions.isArazzo11) return {};
    const read = implicitStepDependencies(step.definition as unknown as Readonly<Record<string, unknown>>, step.stepId, expressions, documentData, shared).filter((id) => stepIds.has(id));
    return read.length > 0 ? { readsSteps: read } : {};
  };
  const compileStep = (step: ResolvedStep): StepPlan => {
    const definition = step.definition;
    return {
      stepId: step.stepId,
      index: step.index,
      target:
        step.target.kind === 'message'
          ? compileMessageTarget(step, step.target, (raw, selectors) => valuePlan(expressions.value(raw, scope, selectors ?? 'root')))
          : step.target.kind === 'operation'
          ? compileOperationTarget(step, step.target.operation, expressions, scope, securitySchemesOf(document, step.target.operation.sourceName), workflow, valuePlan)
          : {
              kind: 'workflow',
              workflow: workflowPlanGetter(step.target.document, step.target.workflowId),
              parameters: compileParameters(step.parameters),
            },
      successCriteria: compileCriteria(step.successCriteria),
      onSuccess: step.onSuccess.map(compileAction),
      onFailure: step.onFailure.map(compileAction),
      // DECISIONS D7: in the outputs of a workflow step, `$outputs` are the child's.
      outputs: compileOutputs(step.outputs, expressions, expressions.scopeOf(workflow.workflowId, definition.workflowId), valuePlan),
      // DECISIONS D7: a workflow step that declares no outputs exposes the child's.
      exposesChildOutputs: step.target.kind === 'workflow' && (definition.outputs === undefined || Object.keys(definition.outputs).length === 0),
      ...(typeof definition.timeout === 'number' ? { timeoutMs: definition.timeout } : {}),
      ...(definition.dependsOn && definition.dependsOn.length > 0 ? { dependsOn: compileStepDependencies(document, expressions, definition.dependsOn) } : {}),
      ...stepsRead(step),
    };
  };
  const { nextIndex, firstIndex } = stepSequence(workflow, expressions, documentData, shared);
  const steps = workflow.steps.map(compileStep);
  return {
    workflowId: workflow.workflowId,
    documentUrl: document.url,
    self,
    nextIndex,
    firstIndex,
    validateInputs: compileInputsValidator(workflow.inputsSchema, schemas),
    inputsSchema: workflow.inputsSchema,
    secretInputs: secretInputNames(workflow.inputsSchema),
    dependsOn: workflow.dependsOn.map((target) => workflowPlanGetter(target.document, target.workflowId)),
    steps,
    credentialInputs: planCredentialInputs({ document, workflow, steps: () => steps, compiledValueOf: (raw) => expressions.value(raw, scope, 'root'), schemas }),
    outputs: compileOutputs(workflow.outputs, expressions, scope, valuePlan),
    sourceDescriptions,
    ...(components ? { components } : {}),
  };
}

/** DECISIONS D98: the order of a workflow's steps as "what comes after each"; validation has ruled out a cycle. */
function stepSequence(
  workflow: ResolvedWorkflow,
  expressions: DocumentExpressions,
  documentData: Readonly<Record<string, unknown>>,
  shared: Readonly<Record<string, unknown>>,
): Pick<WorkflowPlan, 'nextIndex' | 'firstIndex'> {
  const count = workflow.steps.length;
  const ordered = workflow.steps.some((step) => step.definition.dependsOn !== undefined) ? orderSteps(orderedStepsOf(workflow.definition.steps, expressions, documentData, shared)) : undefined;
  const order = ordered && 'order' in ordered ? ordered.order : workflow.steps.map((_, index) => index);
  const nextIndex = new Array<number>(count).fill(count);
  order.forEach((index, position) => {
    nextIndex[index] = order[position + 1] ?? count;
  });
  return { nextIndex, firstIndex: order[0] ?? count };
}

function compileStepDependencies(document: ResolvedDocument, expressions: DocumentExpressions, entries: readonly string[]): StepDependencyPlan[] {
  return entries.flatMap((written): StepDependencyPlan[] => {
    const read = expressions.stepDependency(written);
    if (read === undefined) return [];
    if (read.kind === 'local') return [{ kind: 'local', written, stepId: read.stepId }];
    const holder = read.kind === 'workflow' ? document : sourceDocument(document, read.sourceName);
    const workflow = holder?.workflows.has(read.workflowId) ? workflowPlanGetter(holder, read.workflowId) : undefined;
    return [{ kind: 'workflow', written, stepId: read.stepId, workflow }];
  });
}

function sourceDocument(document: ResolvedDocument, sourceName: string): ResolvedDocument | undefined {
  const source = document.sources.get(sourceName);
  return source?.type === 'arazzo' ? source.resolved : undefined;
}

function compileOperationTarget(
  step: ResolvedStep,
  operation: OperationStepPlan['operation'],
  expressions: DocumentExpressions,
  scope: DocumentScope,
  securitySchemes: Readonly<Record<string, SecurityScheme>>,
  workflow: ResolvedWorkflow,
  valuePlan: (compiled: CompiledValue) => ValuePlan,
): OperationStepPlan {
  const toValuePlan = (raw: unknown): ValuePlan => compileValuePlan(expressions.value(raw, scope));
  // DECISIONS D77: Respect's `x-security`, the workflow's first so that the step's replaces it.
  const security = compileSecurity(operation, securitySchemes, [
    { raw: workflow.definition['x-security'], toValuePlan },
    { raw: step.definition['x-security'], toValuePlan },
  ]);
  const parameters: (ParameterPlan & { in: ParameterLocation; secret: boolean })[] = [];
  for (const parameter of step.parameters) {
    // DECISIONS D13: a parameter without `in` takes the `in` of the operation's only parameter of that name.
    const location = parameter.in ?? inferredLocation(parameter.name, operation.parameters);
    parameters.push({
      name: parameter.name,
      in: location,
      value: valuePlan(expressions.value(parameter.value, scope, 'root')),
      // DECISIONS D60: a parameter that carries a security scheme's credential holds a secret, wherever it goes.
      secret: (location === 'header' && isSecretHeaderName(parameter.name)) || location === 'cookie' || carriesCredential(security, location, parameter.name),
    });
  }
  const requestBody = step.definition.requestBody;
  let bodyPlan: RequestBodyPlan | undefined;
  if (requestBody) {
    const contentType = requestBody.contentType ?? firstContentType(operation.requestBody);
    bodyPlan = {
      ...(contentType !== undefined ? { contentType } : {}),
      ...(requestBody.payload !== undefined ? { payload: valuePlan(expressions.value(requestBody.payload, scope, 'anywhere')) } : {}),
      replacements: (requestBody.replacements ?? []).map((replacement) => ({
        target: replacement.target,
        value: valuePlan(expressions.value(replacement.value, scope, 'root')),
        ...replacementTarget(replacement, expressions),
      })),
    };
  }
  return {
    kind: 'operation',
    operation,
    parameters,
    declaredParameters: operation.parameters,
    ...(bodyPlan ? { requestBody: bodyPlan } : {}),
    serverUrls: new Map(),
    ...(security !== undefined ? { security } : {}),
  };
}

/** Whether a parameter sits where a scheme of the step's security puts its credential (DECISIONS D74). */
function carriesCredential(security: SecurityPlan | undefined, location: ParameterLocation, name: string): boolean {
  if (security === undefined) return false;
  return [...security.requirements.flat(), ...security.extensions].some((use) => {
    const place = schemeTarget(use);
    return place !== undefined && carriesScheme(place, location, name);
  });
}

function securitySchemesOf(document: ResolvedDocument, sourceName: string): Readonly<Record<string, SecurityScheme>> {
  const source = document.sources.get(sourceName);
  return source?.type === 'openapi' ? source.securitySchemes : {};
}

function inferredLocation(name: string, declared: OperationStepPlan['declaredParameters']): ParameterLocation {
  const inferred = inferParameterLocation(name, declared);
  // Validation reports a parameter whose location cannot be settled; a run of such a
  // document sends it as a query parameter, the least surprising place.
  return inferred.ok ? inferred.value : 'query';
}

function firstContentType(requestBody: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const content = requestBody?.['content'];
  if (content === null || typeof content !== 'object') return undefined;
  return Object.keys(content)[0];
}

function targetOf(target: ActionTarget | undefined): Pick<ActionPlan, 'stepIndex' | 'workflow'> {
  if (target === undefined) return {};
  if (target.kind === 'step') return { stepIndex: target.stepIndex };
  return { workflow: workflowPlanGetter(target.document, target.workflowId) };
}

function workflowPlanGetter(document: ResolvedDocument, workflowId: string): () => WorkflowPlan {
  let plan: WorkflowPlan | undefined;
  return () => (plan ??= compileDocument(document).workflows.get(workflowId)!);
}

function compileOutputs(outputs: Readonly<Record<string, OutputValue>>, expressions: DocumentExpressions, scope: DocumentScope, valuePlan: (compiled: CompiledValue) => ValuePlan): OutputPlan[] {
  // Arazzo 1.1 §Step Object, §Workflow Object: an output is an expression or a Selector Object.
  return Object.entries(outputs).map(([name, expression]) => ({ name, value: valuePlan(expressions.value(expression, scope, 'root')) }));
}

/** Arazzo 1.1 §Payload Replacement Object `targetSelectorType`: the type settled and a JSONPath target compiled once. */
function replacementTarget(replacement: PayloadReplacement, expressions: DocumentExpressions): Pick<ReplacementPlan, 'targetType' | 'jsonPath'> {
  if (replacement.targetSelectorType === undefined || !expressions.isArazzo11) return {};
  const { kind, version } = resolveSelectorType(replacement.targetSelectorType);
  return kind === 'jsonpath' ? { targetType: kind, jsonPath: compileJsonPathTarget(replacement.target, version) } : { targetType: kind };
}

/**
 * DECISIONS D103: `$self` is the document's `$self` field (a relative one resolved against the URL the document
 * was read from), or without one that URL itself (Arazzo 1.1 §Base URI: the retrieval URI is the base).
 */
function baseUriOf(document: ResolvedDocument): string {
  // The base URI its source descriptions resolve against too (DECISIONS D107).
  return baseUrlOf(document.parsed);
}

/** True when a compiled value holds an xpath Selector Object. */
function usesXPathSelector(compiled: CompiledValue): boolean {
  switch (compiled.kind) {
    case 'selector':
      return compiled.selector.kind === 'xpath';
    case 'array':
      return compiled.items.some(usesXPathSelector);
    case 'object':
      return compiled.entries.some(([, item]) => usesXPathSelector(item));
    default:
      return false;
  }
}

/** A compiled document value as a ValuePlan: constants answer themselves, the rest evaluate their compiled form. */
function compileValuePlan(compiled: CompiledValue): ValuePlan {
  if (compiled.kind === 'literal') {
    const value = compiled.value;
    return { constant: true, evaluate: () => value, explainMissing: () => undefined, preview: () => value };
  }
  return {
    constant: false,
    evaluate: (context) => evaluateValue(compiled, context),
    // `loom run --dry-run`: what is known substituted; what only a run can know kept as its text.
    preview: (context) => evaluateValue(compiled, context, placeholder),
    explainMissing: (context) => {
      const missing = explainValue(compiled, context);
      return missing.length === 0 ? undefined : missing.map((entry) => entry.reason).join('; ');
    },
  };
}

/** Values only a run can know (a response, a step's outputs) show as their expression; a missing input stays missing (D14). */
function placeholder(expression: RuntimeExpression): string | undefined {
  return expression.root === 'inputs' || expression.root === 'sourceDescriptions' || expression.root === 'components' ? undefined : `{${printExpression(expression)}}`;
}
