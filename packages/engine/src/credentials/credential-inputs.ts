import type { CompiledValue } from '@loom/expressions/internal';
import { isRecord, writeOwn } from '@loom/expressions/internal';
import type { SchemaCompiler } from '../json-schema/schema-compiler.js';
import type { ResolvedDocument, ResolvedWorkflow } from '../model/resolved.js';
import { compileInputsValidator, type InputsValidator } from '../runner/inputs.js';
import type { OperationStepPlan, StepPlan } from '../runner/plan.js';
import { carriesScheme, isComplete, schemeTarget } from './apply-security.js';
import type { CredentialStore } from './credential-store.js';
import type { SchemeUse } from './security-plan.js';

/**
 * DECISIONS D60: which workflow inputs only carry the credential of a security scheme, so that a
 * server holding that credential (`loom mcp`) need not ask for them. Found once per compiled
 * workflow, on first use; a run that does not ask pays nothing.
 */

/** One place a workflow input carries a credential: a step parameter or an `x-security` value of an operation step. */
export interface CredentialInputUse {
  /** The operation step. */
  readonly stepId: string;
  /** The source description whose credential the input is (the first key of DECISIONS D75). */
  readonly source: string;
  /** The security scheme whose credential the input is (the second key of D75). */
  readonly scheme: string;
  /** `parameter`: a step parameter in the scheme's header, query parameter or cookie; `x-security`: a value of Respect's extension (D77). */
  readonly via: 'parameter' | 'x-security';
}

/** A workflow input that carries credentials and nothing else. */
export interface CredentialInput {
  /** The input's name in the workflow's inputs schema. */
  readonly name: string;
  /** Every place it carries a credential, in step order. */
  readonly uses: readonly CredentialInputUse[];
}

/** The credential inputs of one compiled workflow, and its inputs validator without some of them. */
export interface CredentialInputsPlan {
  /** The workflow's credential inputs, in the order its inputs schema declares them. */
  list(): readonly CredentialInput[];
  /** Every input carried whole into a scheme's credential place, whether read elsewhere too or not: secrets (D21). */
  carriers(): readonly string[];
  /** Those whose every use has its credential in `store` (DECISIONS D60: the server holds them). */
  held(store: CredentialStore): string[];
  /** The inputs schema's validator with `names` neither declared nor required; compiled once per set of names. */
  validatorWithout(names: readonly string[]): InputsValidator;
}

/** What the analysis reads of a workflow being compiled (compile-plan.ts). */
export interface CredentialInputsSource {
  readonly document: ResolvedDocument;
  readonly workflow: ResolvedWorkflow;
  /** The workflow's step plans, in the order of `workflow.steps` (read on first use: the plan is built after this). */
  readonly steps: () => readonly StepPlan[];
  /** Compiles a parameter or `x-security` value in the workflow's scope, as the plan does. */
  readonly compiledValueOf: (raw: unknown) => CompiledValue;
  readonly schemas: SchemaCompiler;
}

export function planCredentialInputs(source: CredentialInputsSource): CredentialInputsPlan {
  let found: { readonly only: readonly CredentialInput[]; readonly carriers: readonly string[] } | undefined;
  const validators = new Map<string, InputsValidator>();
  const list = (): readonly CredentialInput[] => (found ??= findCredentialInputs(source)).only;
  return {
    list,
    carriers: () => (found ??= findCredentialInputs(source)).carriers,
    held(store) {
      const plans = source.steps();
      return list()
        .filter((input) => input.uses.every((use) => isHeld(use, plans, store)))
        .map((input) => input.name);
    },
    validatorWithout(names) {
      const key = [...names].sort().join('\u0000');
      let validator = validators.get(key);
      if (validator === undefined) {
        validator = compileInputsValidator(withoutInputs(source.workflow.inputsSchema, names) as ResolvedWorkflow['inputsSchema'], source.schemas);
        validators.set(key, validator);
      }
      return validator;
    },
  };
}

/**
 * An inputs schema without `names`: neither a property nor required (DECISIONS D60, D109). Any other
 * schema (none, `true`) is returned as it is.
 */
export function withoutInputs(schema: unknown, names: readonly string[]): unknown {
  if (names.length === 0 || !isRecord(schema)) return schema;
  const omit = new Set(names);
  const properties = isRecord(schema['properties']) ? schema['properties'] : {};
  const kept: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) if (!omit.has(name)) writeOwn(kept, name, property);
  const required = Array.isArray(schema['required']) ? schema['required'].filter((name) => typeof name !== 'string' || !omit.has(name)) : undefined;
  const { required: _required, ...rest } = schema;
  return { ...rest, properties: kept, ...(required !== undefined && required.length > 0 ? { required } : {}) };
}

function findCredentialInputs(source: CredentialInputsSource): { only: CredentialInput[]; carriers: string[] } {
  const { workflow, compiledValueOf } = source;
  const declared = declaredInputs(workflow.inputsSchema);
  if (declared.length === 0) return { only: [], carriers: [] };
  const plans = source.steps();
  const uses = new Map<string, CredentialInputUse[]>();
  // Inputs read anywhere else: dropping them would change what else the workflow does.
  const elsewhere = new Set<string>();
  const readElsewhere = (raw: unknown): void => mentionedInputs(raw, declared, elsewhere);
  const addUse = (name: string, use: CredentialInputUse): void => {
    const list = uses.get(name);
    if (list === undefined) uses.set(name, [use]);
    else list.push(use);
  };

  workflow.steps.forEach((step, index) => {
    const target = plans[index]!.target;
    if (target.kind !== 'operation') {
      for (const parameter of step.parameters) readElsewhere(parameter.value);
    } else {
      step.parameters.forEach((parameter, position) => {
        const planned = target.parameters[position]!;
        const carried = carriedInput(compiledValueOf(parameter.value));
        const schemes = carried === undefined ? [] : schemesCarriedBy(target, planned.in, planned.name);
        if (carried === undefined || schemes.length === 0) readElsewhere(parameter.value);
        else for (const use of schemes) addUse(carried, { stepId: step.stepId, source: use.source, scheme: use.name, via: 'parameter' });
      });
      for (const [scheme, raw] of xSecurityValues(workflow, step.definition as unknown as Readonly<Record<string, unknown>>)) {
        const carried = carriedInput(compiledValueOf(raw));
        const named = target.security?.extensions.find((use) => use.name === scheme && use.values !== undefined);
        if (carried === undefined || named === undefined) readElsewhere(raw);
        else addUse(carried, { stepId: step.stepId, source: named.source, scheme, via: 'x-security' });
      }
    }
    // Everything else the step writes: its body, criteria, outputs, actions (resolved from components too).
    // Its description and summary are prose, never evaluated.
    const { parameters: _parameters, 'x-security': _xSecurity, description: _description, summary: _summary, ...rest } = step.definition as unknown as Readonly<Record<string, unknown>>;
    readElsewhere(rest);
    for (const action of [...step.onSuccess, ...step.onFailure]) {
      readElsewhere(action.criteria);
      for (const parameter of action.parameters ?? []) readElsewhere(parameter.value);
      // DECISIONS D16: a goto to a workflow without parameters runs it with these inputs.
      if (action.target?.kind === 'workflow' && action.parameters === undefined) readByWorkflow(action.target.document, action.target.workflowId, declared, elsewhere);
    }
  });
  const { parameters: _parameters, steps: _steps, inputs: _inputs, 'x-security': _xSecurity, description: _description, summary: _summary, ...rest } = workflow.definition as unknown as Readonly<Record<string, unknown>>;
  readElsewhere(rest);
  // DECISIONS D15: the workflows it depends on run with the same inputs.
  for (const dependency of workflow.dependsOn) readByWorkflow(dependency.document, dependency.workflowId, declared, elsewhere);

  const only = declared.flatMap((name) => {
    const found = uses.get(name);
    return found !== undefined && !elsewhere.has(name) ? [{ name, uses: found }] : [];
  });
  return { only, carriers: [...uses.keys()] };
}

/**
 * The input a value carries whole: `$inputs.<name>`, or a template whose every slot is that input
 * (`Bearer {$inputs.token}`). Either is undefined when the input is not given, and a parameter whose
 * value is undefined is left out of the request (DECISIONS D14), so the scheme's credential applies (D74).
 */
function carriedInput(compiled: CompiledValue): string | undefined {
  if (compiled.kind === 'expression') {
    const expression = compiled.expression;
    return expression.root === 'inputs' && expression.pointer === undefined ? expression.name : undefined;
  }
  if (compiled.kind !== 'template') return undefined;
  let name: string | undefined;
  for (const part of compiled.template.parts) {
    if (part.type !== 'Slot') continue;
    const expression = part.expression;
    if (expression.root !== 'inputs' || expression.pointer !== undefined || (name !== undefined && name !== expression.name)) return undefined;
    name = expression.name;
  }
  return name;
}

/** DECISIONS D74: the schemes of the step's operation (and `x-security`) whose header, query parameter or cookie a parameter sets. */
function schemesCarriedBy(target: OperationStepPlan, location: string, name: string): SchemeUse[] {
  const security = target.security;
  if (security === undefined) return [];
  const carried = new Map<string, SchemeUse>();
  for (const use of [...security.requirements.flat(), ...security.extensions]) {
    // An inline x-security scheme has no entry in the credential store (D75) to stand in for the input.
    if (use.inline === true) continue;
    const place = schemeTarget(use);
    if (place !== undefined && carriesScheme(place, location, name)) carried.set(`${use.source}\u0000${use.name}`, use);
  }
  return [...carried.values()];
}

/** DECISIONS D77: the `x-security` values that apply to a step, by scheme name: the workflow's, then the step's replacing them. */
function xSecurityValues(workflow: ResolvedWorkflow, step: Readonly<Record<string, unknown>>): [scheme: string, raw: unknown][] {
  const byScheme = new Map<string, unknown[]>();
  for (const list of [workflow.definition['x-security'], step['x-security']]) {
    if (!Array.isArray(list)) continue;
    const entries = new Map<string, unknown[]>();
    for (const item of list) {
      if (!isRecord(item) || typeof item['schemeName'] !== 'string' || !isRecord(item['values'])) continue;
      entries.set(item['schemeName'], Object.values(item['values']));
    }
    for (const [scheme, values] of entries) byScheme.set(scheme, values);
  }
  return [...byScheme].flatMap(([scheme, values]) => values.map((raw): [string, unknown] => [scheme, raw]));
}

/** A use is held when the store has the scheme's credential and, for a requirement, every other scheme of one that contains it is met too. */
function isHeld(use: CredentialInputUse, plans: readonly StepPlan[], store: CredentialStore): boolean {
  const plan = plans.find((step) => step.stepId === use.stepId);
  const target = plan?.target.kind === 'operation' ? plan.target : undefined;
  const security = target?.security;
  if (target === undefined || security === undefined) return false;
  const complete = (scheme: SchemeUse): boolean => isComplete(scheme, store.lookup(scheme.source, scheme.name)?.entry ?? {});
  const same = (scheme: SchemeUse): boolean => scheme.source === use.source && scheme.name === use.scheme;
  if (use.via === 'x-security') {
    const scheme = security.extensions.find(same);
    return scheme !== undefined && complete(scheme);
  }
  // DECISIONS D74: the requirement is met when each of its other schemes has its credentials or is set by the step itself.
  const setByStep = (scheme: SchemeUse): boolean => {
    const place = schemeTarget(scheme);
    return place !== undefined && target.parameters.some((parameter) => carriesScheme(place, parameter.in, parameter.name));
  };
  const requirementMet = security.requirements.some((requirement) => requirement.some(same) && requirement.every((scheme) => (same(scheme) ? complete(scheme) : complete(scheme) || setByStep(scheme))));
  if (requirementMet) return true;
  // x-security naming the same scheme applies whatever the operation requires (D77).
  const extension = security.extensions.find(same);
  return extension !== undefined && complete(extension);
}

/** The top-level inputs a workflow declares. */
function declaredInputs(inputsSchema: unknown): string[] {
  const properties = isRecord(inputsSchema) ? inputsSchema['properties'] : undefined;
  return isRecord(properties) ? Object.keys(properties) : [];
}

/** DECISIONS D15, D16: a workflow run with the same inputs: every input it declares or mentions is read there. */
function readByWorkflow(document: ResolvedDocument, workflowId: string, declared: readonly string[], into: Set<string>): void {
  const workflow = document.workflows.get(workflowId);
  if (workflow === undefined) return;
  const its = new Set(declaredInputs(workflow.inputsSchema));
  for (const name of declared) if (its.has(name)) into.add(name);
  mentionedInputs(workflow.definition, declared, into);
}

/**
 * Adds to `into` each of `declared` that a string in `raw` mentions as `$inputs.<name>` (at any depth, in an
 * expression, a template or a condition), and every one of them when a string reads `$inputs` whole.
 * A mention is enough: an input read anywhere but in a credential's place is asked of the caller.
 */
function mentionedInputs(raw: unknown, declared: readonly string[], into: Set<string>): void {
  const work: unknown[] = [raw];
  while (work.length > 0) {
    const value = work.pop();
    if (typeof value === 'string') {
      let at = value.indexOf('$inputs');
      while (at !== -1) {
        if (value[at + '$inputs'.length] !== '.') {
          for (const name of declared) into.add(name);
          return;
        }
        const rest = value.slice(at + '$inputs.'.length);
        for (const name of declared) if (rest.startsWith(name)) into.add(name);
        at = value.indexOf('$inputs', at + 1);
      }
    } else if (Array.isArray(value)) work.push(...value);
    else if (isRecord(value)) work.push(...Object.values(value));
  }
}
