import { compileDocument } from '../runner/compile-plan.js';
import type { WorkflowPlan } from '../runner/plan.js';
import type { ResolvedDocument } from '../model/resolved.js';
import { createCredentialStore, credentialVariableName } from './credential-store.js';
import { carriesScheme, requiredFields, schemeTarget } from './apply-security.js';
import type { SchemeUse } from './security-plan.js';
import type { CredentialField, Credentials } from './types.js';
import type { CredentialInput } from './credential-inputs.js';

/** One credential variable a scheme may read, and whether it is set (never its value). */
export interface CredentialVariable {
  /** The credential field the variable gives. */
  readonly field: CredentialField;
  /** `LOOM_<SOURCE>_<SCHEME>_<FIELD>` (DECISIONS D75). */
  readonly variable: string;
  /** Whether the variable is set (to anything but the empty string). */
  readonly set: boolean;
}

/** A security scheme a workflow's requests may use, and where its credentials would come from. */
export interface SchemeCredentials {
  /** The source description name. */
  readonly source: string;
  /** The security scheme name (`x-security[n]` for an inline `x-security` scheme). */
  readonly scheme: string;
  /** `apiKey in header X-API-KEY`, `http basic`, `oauth2 client credentials`, ... */
  readonly kind: string;
  /** Where the credentials are found first (D75), `x-security` for values written in the document (D77), or `missing`. */
  readonly from: 'option' | 'environment' | 'x-security' | 'missing';
  /** Whether the entry found has every field the scheme needs (D74). */
  readonly complete: boolean;
  /** The steps that set the scheme's header, query parameter or cookie themselves (D74: those win). */
  readonly setBySteps: readonly string[];
  /** Every variable the scheme may read; empty for `x-security` values. */
  readonly variables: readonly CredentialVariable[];
}

/** The credentials one workflow may read: its own steps' and those of the workflows it runs. */
export interface WorkflowCredentials {
  readonly workflowId: string;
  /** Each scheme once, in the order the workflow's steps first use it. */
  readonly schemes: readonly SchemeCredentials[];
}

/** Options of {@link describeCredentials}: the same as the run's (`RunOptions.credentials`, `credentialEnvironment`). */
export interface DescribeCredentialsOptions {
  /** As `RunOptions.credentials`. */
  readonly credentials?: Credentials;
  /** As `RunOptions.credentialEnvironment`. */
  readonly credentialEnvironment?: Readonly<Record<string, string | undefined>>;
}

/**
 * Per workflow, every security scheme its requests may use (the operations' requirements and
 * `x-security`, through workflow steps and dependsOn), with the credential entry and environment
 * variables a run would read for it and whether each is set, never a value (`loom env`, D75).
 */
export function describeCredentials(document: ResolvedDocument, options: DescribeCredentialsOptions = {}): WorkflowCredentials[] {
  const compiled = compileDocument(document);
  const store = createCredentialStore(options.credentials, options.credentialEnvironment);
  const environment = options.credentialEnvironment ?? {};
  return [...compiled.workflows.values()].map((plan) => {
    const schemes = new Map<string, { use: SchemeUse; fromValues: boolean; setBySteps: Set<string> }>();
    for (const [plan_, step] of operationSteps(plan)) {
      const target = step.target;
      if (target.kind !== 'operation' || target.security === undefined) continue;
      const uses = [...target.security.requirements.flat(), ...target.security.extensions];
      for (const use of uses) {
        const key = use.values !== undefined ? `x:${use.name}` : `${use.source}\u0000${use.name}`;
        let entry = schemes.get(key);
        if (entry === undefined) schemes.set(key, (entry = { use, fromValues: use.values !== undefined, setBySteps: new Set() }));
        const place = schemeTarget(use);
        if (place !== undefined && target.parameters.some((parameter) => carriesScheme(place, parameter.in, parameter.name))) {
          entry.setBySteps.add(plan_ === plan ? step.stepId : `${plan_.workflowId}.${step.stepId}`);
        }
      }
    }
    return {
      workflowId: plan.workflowId,
      schemes: [...schemes.values()].map(({ use, fromValues, setBySteps }) => {
        const fields = [...new Set((requiredFields(use.scheme) ?? []).flat())];
        const found = fromValues ? undefined : store.lookup(use.source, use.name);
        return {
          source: use.source,
          scheme: use.name,
          kind: describeScheme(use),
          from: fromValues ? 'x-security' : (found?.origin ?? 'missing'),
          complete: fromValues || (requiredFields(use.scheme) ?? []).some((needed) => needed.every((field) => found?.entry[field] !== undefined)),
          setBySteps: [...setBySteps],
          variables: fromValues
            ? []
            : fields.map((field) => {
                const variable = credentialVariableName(use.source, use.name, field);
                const value = Object.prototype.hasOwnProperty.call(environment, variable) ? environment[variable] : undefined;
                return { field, variable, set: typeof value === 'string' && value !== '' };
              }),
        };
      }),
    };
  });
}

/** A workflow input that carries nothing but credentials (DECISIONS D60), and whether they are all at hand. */
export interface CredentialInputDescription extends CredentialInput {
  /**
   * True when the credentials (the `credentials` option, then the environment, D75) hold every credential
   * the input carries: a run given it in `inputsFromCredentials` needs no value for it.
   */
  readonly held: boolean;
}

/** The credential inputs of one workflow. */
export interface WorkflowCredentialInputs {
  /** The workflow's `workflowId`. */
  readonly workflowId: string;
  /** In the order the inputs schema declares them. */
  readonly inputs: readonly CredentialInputDescription[];
}

/**
 * Per workflow, the inputs that carry nothing but the credential of a security scheme: a step parameter in the
 * scheme's header, query parameter or cookie (header names in any case) whose value is `$inputs.<name>` (or a
 * template of it alone, `Bearer {$inputs.token}`), or an `x-security` value naming a scheme of the source
 * (DECISIONS D60, D74, D77), each with whether the given credentials hold them. An input read anywhere else
 * (a body, a criterion, an output, another workflow) is not one. Found once per compiled document.
 */
export function describeCredentialInputs(document: ResolvedDocument, options: DescribeCredentialsOptions = {}): WorkflowCredentialInputs[] {
  const store = createCredentialStore(options.credentials, options.credentialEnvironment);
  return [...compileDocument(document).workflows.values()].map((plan) => {
    const held = new Set(plan.credentialInputs.held(store));
    return { workflowId: plan.workflowId, inputs: plan.credentialInputs.list().map((input) => ({ ...input, held: held.has(input.name) })) };
  });
}

/** The operation steps a workflow runs: its own, then those of the workflows it depends on or calls, each once. */
function* operationSteps(root: WorkflowPlan): Generator<[WorkflowPlan, WorkflowPlan['steps'][number]]> {
  const seen = new Set<WorkflowPlan>();
  const work = [root];
  while (work.length > 0) {
    const plan = work.pop()!;
    if (seen.has(plan)) continue;
    seen.add(plan);
    for (const dependency of plan.dependsOn) work.push(dependency());
    for (const step of plan.steps) {
      if (step.target.kind === 'workflow') work.push(step.target.workflow());
      else yield [plan, step];
      for (const action of [...step.onSuccess, ...step.onFailure]) if (action.workflow) work.push(action.workflow());
    }
  }
}

function describeScheme(use: SchemeUse): string {
  const { scheme } = use;
  switch (scheme['type']) {
    case 'apiKey':
      return `apiKey in ${String(scheme['in'])} ${String(scheme['name'])}`;
    case 'http':
      return `http ${String(scheme['scheme']).toLowerCase()}`;
    case 'oauth2':
      return 'oauth2 client credentials';
    case 'openIdConnect':
      return 'openIdConnect client credentials';
    default:
      return String(scheme['type']);
  }
}
