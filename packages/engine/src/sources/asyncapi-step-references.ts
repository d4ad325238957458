import type { Diagnostic } from '../diagnostics.js';
import { diagnosticAt, type ParsedText } from '../document/parse-text.js';
import { expressionsOf, type DocumentExpressions } from '../model/document-expressions.js';
import { stepsOf, stringField, workflowsOf, type Data } from '../validate/document-walk.js';
import { resolveAsyncApiOperation, type AsyncApiReference } from './asyncapi-operations.js';
import type { AsyncApiSource } from './asyncapi-types.js';

/** Rule id of an asynchronous step whose operation is not in its AsyncAPI source. */
export const ASYNCAPI_OPERATION_RULE = 'asyncapi-operation-unresolved';

/**
 * Each asynchronous step (one with `action` or `channelPath`, Arazzo 1.1.0 §Step Object) must name an operation of a
 * loaded AsyncAPI source: by `operationId` (`$sourceDescriptions.<name>.<operationId>`, or bare when one AsyncAPI
 * source defines it), or by `channelPath` (`{$sourceDescriptions.<name>.url}#/channels/<channel>`) with `action`
 * (DECISIONS D73). An `operationPath` on such a step is a schema error already; the operation it names is still
 * looked up, so that an operation the source lacks is reported too. Steps naming a source that failed to load, or
 * no declared source, are left to the checks that report those.
 */
/** An asynchronous step: it has `action` or `channelPath` (Arazzo 1.1.0 §Step Object); its operation is in an AsyncAPI source. */
export function isAsynchronousStep(step: Data): boolean {
  return 'action' in step || 'channelPath' in step;
}

export function checkAsyncApiStepReferences(parsed: ParsedText, document: Data, sources: ReadonlyMap<string, AsyncApiSource>, failedSources: ReadonlySet<string>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const expressions = expressionsOf(document);
  for (const workflow of workflowsOf(document)) {
    for (const step of stepsOf(workflow)) {
      if (!isAsynchronousStep(step.value)) continue;
      const action = step.value['action'];
      const field = (['channelPath', 'operationId', 'operationPath'] as const).find((name) => typeof step.value[name] === 'string');
      if (field === undefined) continue;
      const written = step.value[field] as string;
      const stepId = stringField(step.value, 'stepId') ?? '?';
      const found = sourceAndReference(expressions, field, written, action === 'send' ? 'send' : 'receive', sources, failedSources);
      if (found === undefined) continue;
      const message = 'problem' in found ? found.problem : resolveAsyncApiOperation(found.source, found.reference).error;
      if (message !== undefined) diagnostics.push(diagnosticAt(parsed, [...step.path, field], { code: ASYNCAPI_OPERATION_RULE, severity: 'error', message: `Step '${stepId}': ${message}.` }));
    }
  }
  return diagnostics;
}

type Found = { readonly source: AsyncApiSource; readonly reference: AsyncApiReference } | { readonly problem: string };

function sourceAndReference(
  expressions: DocumentExpressions,
  field: 'channelPath' | 'operationId' | 'operationPath',
  written: string, action: 'send' | 'receive', sources: ReadonlyMap<string, AsyncApiSource>, failed: ReadonlySet<string>): Found | undefined {
  if (field === 'channelPath') {
    // `{$sourceDescriptions.<name>.url}#/channels/<channel>`, read as an operationPath is (the same reference to a source plus a JSON Pointer).
    const reading = expressions.operationPath(written);
    if (reading.ok) {
      const source = sources.get(reading.sourceName);
      return source === undefined ? undefined : { source, reference: { channelPath: `#${reading.pointer}`, action } };
    }
    if (!written.startsWith('#')) return { problem: `channelPath '${written}' must be a source reference followed by a JSON Pointer to a channel, such as '{$sourceDescriptions.<name>.url}#/channels/<channel>'` };
    if (sources.size !== 1 || failed.size > 0) return sources.size === 0 ? undefined : { problem: `channelPath '${written}' must name its source ('$sourceDescriptions.<name>${written}'): the document has more than one source` };
    return { source: [...sources.values()][0]!, reference: { channelPath: written, action } };
  }
  // `$sourceDescriptions.<name>.<operationId>` has the shape of a qualified workflowId; the table reads both.
  const qualified = expressions.workflowReference(written);
  if (qualified?.kind === 'source') {
    const source = sources.get(qualified.sourceName);
    return source === undefined ? undefined : { source, reference: { operationId: qualified.workflowId } };
  }
  if (field === 'operationPath') return undefined;
  const defining = [...sources.values()].filter((source) => source.operations.has(written));
  if (defining.length === 1) return { source: defining[0]!, reference: { operationId: written } };
  if (defining.length > 1) return { problem: `operationId '${written}' is defined by the AsyncAPI sources ${defining.map((source) => `'${source.name}'`).join(' and ')}; qualify it as '$sourceDescriptions.<name>.${written}'` };
  if (failed.size > 0 || sources.size === 0) return undefined;
  return sources.size === 1 ? { source: [...sources.values()][0]!, reference: { operationId: written } } : { problem: `no AsyncAPI source defines the operation '${written}'` };
}
