import { isRecord, readOwn } from '@loom/expressions/internal';
import type { OpenApiOperation } from '../sources/types.js';
import type { ValuePlan } from '../runner/plan.js';

/** A Security Scheme Object as written in the OpenAPI document (or inline in `x-security`). */
export type SecurityScheme = Readonly<Record<string, unknown>>;

/** One scheme of a security requirement, ready to be applied. */
export interface SchemeUse {
  /** The source description whose credentials it reads (D75). */
  readonly source: string;
  /** The scheme's name in `components.securitySchemes` (`x-security[n]` for an inline scheme). */
  readonly name: string;
  readonly scheme: SecurityScheme;
  /** The requirement's scopes (oauth2, openIdConnect). */
  readonly scopes: readonly string[];
  /** DECISIONS D77: `x-security` values, compiled; when present they are the credentials. */
  readonly values?: Readonly<Record<string, ValuePlan>>;
  /** An `x-security` scheme written inline: it has no entry in the credential store. */
  readonly inline?: true;
}

/**
 * The security of one operation step, compiled once (D74). Absent from a step plan when the
 * operation has no requirement and no `x-security` applies, so such requests do no extra work.
 */
export interface SecurityPlan {
  /** The operation's requirements (OpenAPI Security Requirement Objects), alternatives in order. */
  readonly requirements: readonly (readonly SchemeUse[])[];
  /** DECISIONS D77: `x-security` of the workflow and the step, applied whatever the operation says. */
  readonly extensions: readonly SchemeUse[];
  /** Why the step cannot be sent (an `x-security` schemeName the source does not declare). */
  readonly problem?: string;
}

/** Compiles an `x-security` value (from the step or the workflow) to be applied with `toValuePlan`. */
export interface XSecurityInput {
  readonly raw: unknown;
  readonly toValuePlan: (raw: unknown) => ValuePlan;
}

/**
 * The security plan of an operation step: the operation's effective requirements (operation's,
 * else the document's; `security: []` none) and `x-security` of the workflow, then the step
 * (the step's entry for a scheme replaces the workflow's, D77).
 */
export function compileSecurity(
  operation: OpenApiOperation,
  securitySchemes: Readonly<Record<string, SecurityScheme>>,
  xSecurity: readonly XSecurityInput[],
): SecurityPlan | undefined {
  const requirements: SchemeUse[][] = [];
  for (const requirement of operation.security ?? []) {
    const uses: SchemeUse[] = [];
    let known = true;
    for (const [name, scopes] of Object.entries(requirement)) {
      const scheme = readOwn(securitySchemes, name);
      // A requirement naming a scheme the source does not declare cannot be met (validation's business to report).
      if (!isRecord(scheme)) known = false;
      else uses.push({ source: operation.sourceName, name, scheme, scopes: Array.isArray(scopes) ? scopes.filter((scope) => typeof scope === 'string') : [] });
    }
    if (known) requirements.push(uses);
  }
  const extensions = new Map<string, SchemeUse>();
  let problem: string | undefined;
  for (const { raw, toValuePlan } of xSecurity) {
    if (!Array.isArray(raw)) continue;
    raw.forEach((item: unknown, index) => {
      if (!isRecord(item)) return;
      const values: Record<string, ValuePlan> = {};
      const rawValues = item['values'];
      if (isRecord(rawValues)) for (const [key, value] of Object.entries(rawValues)) values[key] = toValuePlan(value);
      const schemeName = item['schemeName'];
      if (typeof schemeName === 'string') {
        const scheme = readOwn(securitySchemes, schemeName);
        if (!isRecord(scheme)) {
          problem ??= `x-security names security scheme '${schemeName}', which source ${operation.sourceName} does not declare`;
          return;
        }
        extensions.set(schemeName, { source: operation.sourceName, name: schemeName, scheme, scopes: scopesOf(item), values });
      } else if (isRecord(item['scheme'])) {
        const name = `x-security[${index}]`;
        extensions.set(`${name}:${JSON.stringify(item['scheme'])}`, { source: operation.sourceName, name, scheme: item['scheme'], scopes: scopesOf(item), values, inline: true });
      }
    });
  }
  if (requirements.length === 0 && extensions.size === 0 && problem === undefined) return undefined;
  return { requirements, extensions: [...extensions.values()], ...(problem !== undefined ? { problem } : {}) };
}

function scopesOf(item: Readonly<Record<string, unknown>>): string[] {
  const scopes = item['scopes'];
  return Array.isArray(scopes) ? scopes.filter((scope): scope is string => typeof scope === 'string') : [];
}
