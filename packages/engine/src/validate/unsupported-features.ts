import { isRecord, type PathSegment } from '@loom/expressions/internal';
import type { Diagnostic } from '../diagnostics.js';
import { diagnosticAt, type ParsedText } from '../document/parse-text.js';
import { arazzoVersionOf } from '../loader/document-root.js';
import { isAsynchronousStep } from '../sources/asyncapi-step-references.js';
import { actionListsOf, criteriaOf, stepsOf, workflowsOf, type Data, type Located } from './document-walk.js';

/** Rule id of a use of an Arazzo 1.1 feature Loom validates but cannot run yet. */
export const UNSUPPORTED_RULE = 'unsupported-feature';

/**
 * DECISIONS D72: Loom validates every Arazzo 1.1 document, but runs only what it implements. Each use
 * of a 1.1 feature it cannot run yet (step dependencies, timeouts of HTTP and workflow steps, parameters
 * on actions, `$self` as a base URI, the `jsonpointer` expression type) is one error at the field, so a run stops at validation
 * instead of running the workflow wrong. A 1.1 document that keeps to the 1.0 subset runs.
 */
export function checkUnsupportedFeatures(parsed: ParsedText): Diagnostic[] {
  if (arazzoVersionOf(parsed.data) !== '1.1') return [];
  const document = parsed.data as Data;
  const found: Diagnostic[] = [];
  const report = (path: readonly PathSegment[], feature: string, part: 'key' | 'value' = 'key'): void => {
    found.push(diagnosticAt(parsed, path, { code: UNSUPPORTED_RULE, severity: 'error', message: `${feature} (Arazzo 1.1) is not yet supported by Loom: it validates this document but cannot run it.` }, part));
  };

  if ('$self' in document) report(['$self'], "'$self' (the document's base URI)");
  for (const workflow of workflowsOf(document)) {
    for (const step of stepsOf(workflow)) {
      if ('dependsOn' in step.value) report([...step.path, 'dependsOn'], "A step's 'dependsOn'");
      // An asynchronous step runs (DECISIONS D27); its `timeout` is how long a receive waits.
      if ('timeout' in step.value && !isAsynchronousStep(step.value)) report([...step.path, 'timeout'], "A step's 'timeout'");
    }
    for (const list of actionListsOf(workflow)) for (const action of list.items) actionParameters(action, report);
  }
  const components = isRecord(document['components']) ? document['components'] : undefined;
  if (components !== undefined) {
    for (const kind of ['successActions', 'failureActions']) {
      const actions = components[kind];
      if (isRecord(actions)) for (const [name, action] of Object.entries(actions)) if (isRecord(action)) actionParameters({ value: action, path: ['components', kind, name] }, report);
    }
  }
  for (const criterion of workflowsOf(document).flatMap(criteriaOf)) {
    const type = criterion.value['type'];
    if (isRecord(type) && type['type'] === 'jsonpointer') report([...criterion.path, 'type', 'type'], "The 'jsonpointer' expression type", 'value');
  }
  return found;
}

type Report = (path: readonly PathSegment[], feature: string, part?: 'key' | 'value') => void;

function actionParameters(action: Located<Data>, report: Report): void {
  if ('parameters' in action.value) report([...action.path, 'parameters'], "An action's 'parameters'");
}

