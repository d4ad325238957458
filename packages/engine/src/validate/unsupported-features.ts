import { isRecord, type PathSegment } from '@loom/expressions/internal';
import type { Diagnostic } from '../diagnostics.js';
import { diagnosticAt, type ParsedText } from '../document/parse-text.js';
import { arazzoVersionOf } from '../loader/document-root.js';
import { actionListsOf, criteriaOf, objectItems, stepsOf, workflowsOf, type Data, type Located } from './document-walk.js';

/** Rule id of a use of an Arazzo 1.1 feature Loom validates but cannot run yet. */
export const UNSUPPORTED_RULE = 'unsupported-feature';

/**
 * DECISIONS D72: Loom validates every Arazzo 1.1 document, but runs only what it implements. Each use
 * of a 1.1 feature it cannot run yet (step dependencies and timeouts, asynchronous steps, Selector
 * Objects, `querystring` and `channel` parameters, parameters on actions, `$self`, the `jsonpointer`
 * expression type, replacement target types) is one error at the field, so a run stops at validation
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
    outputSelectors(workflow, report);
    parameterList(workflow, report);
    for (const step of stepsOf(workflow)) {
      if ('dependsOn' in step.value) report([...step.path, 'dependsOn'], "A step's 'dependsOn'");
      if ('timeout' in step.value) report([...step.path, 'timeout'], "A step's 'timeout'");
      const asyncField = ['action', 'channelPath', 'correlationId'].find((field) => field in step.value);
      if (asyncField !== undefined) report([...step.path, asyncField], `An asynchronous (AsyncAPI) step ('${asyncField}')`);
      outputSelectors(step, report);
      parameterList(step, report);
      requestBody(step, report);
    }
    for (const list of actionListsOf(workflow)) for (const action of list.items) actionParameters(action, report);
  }
  const components = isRecord(document['components']) ? document['components'] : undefined;
  if (components !== undefined) {
    for (const kind of ['successActions', 'failureActions']) {
      const actions = components[kind];
      if (isRecord(actions)) for (const [name, action] of Object.entries(actions)) if (isRecord(action)) actionParameters({ value: action, path: ['components', kind, name] }, report);
    }
    const parameters = components['parameters'];
    if (isRecord(parameters)) for (const [name, parameter] of Object.entries(parameters)) if (isRecord(parameter)) parameterObject({ value: parameter, path: ['components', 'parameters', name] }, report);
  }
  for (const criterion of workflowsOf(document).flatMap(criteriaOf)) {
    const type = criterion.value['type'];
    if (isRecord(type) && type['type'] === 'jsonpointer') report([...criterion.path, 'type', 'type'], "The 'jsonpointer' expression type", 'value');
  }
  return found;
}

type Report = (path: readonly PathSegment[], feature: string, part?: 'key' | 'value') => void;

/** Arazzo 1.1 §Selector Object: in a field that allows one, an object with a `selector` is a Selector Object (DECISIONS D71). */
function isSelectorObject(value: unknown): boolean {
  return isRecord(value) && 'selector' in value;
}

function outputSelectors(owner: Located<Data>, report: Report): void {
  const outputs = owner.value['outputs'];
  if (!isRecord(outputs)) return;
  for (const [name, value] of Object.entries(outputs)) if (isSelectorObject(value)) report([...owner.path, 'outputs', name], 'A Selector Object as an output', 'value');
}

function parameterList(owner: Located<Data>, report: Report): void {
  for (const parameter of objectItems(owner.value, 'parameters', owner.path)) parameterObject(parameter, report);
}

function parameterObject(parameter: Located<Data>, report: Report): void {
  const location = parameter.value['in'];
  if (location === 'querystring' || location === 'channel') report([...parameter.path, 'in'], `A parameter 'in: ${location}'`, 'value');
  if (isSelectorObject(parameter.value['value'])) report([...parameter.path, 'value'], "A Selector Object as a parameter's value", 'value');
}

function actionParameters(action: Located<Data>, report: Report): void {
  if ('parameters' in action.value) report([...action.path, 'parameters'], "An action's 'parameters'");
}

function requestBody(step: Located<Data>, report: Report): void {
  const body = step.value['requestBody'];
  if (!isRecord(body)) return;
  const bodyPath = [...step.path, 'requestBody'];
  for (const replacement of objectItems(body, 'replacements', bodyPath)) {
    if ('targetSelectorType' in replacement.value) report([...replacement.path, 'targetSelectorType'], "A replacement's 'targetSelectorType'");
    if (isSelectorObject(replacement.value['value'])) report([...replacement.path, 'value'], "A Selector Object as a replacement's value", 'value');
  }
  // Arazzo 1.1 §Request Body Object: a payload may hold Selector Objects anywhere; one with all three of its fields is taken as one.
  const visit = (node: unknown, path: readonly PathSegment[]): void => {
    if (Array.isArray(node)) node.forEach((item, index) => visit(item, [...path, index]));
    else if (isRecord(node)) {
      if (typeof node['selector'] === 'string' && typeof node['context'] === 'string' && 'type' in node) report(path, 'A Selector Object in a request payload', 'value');
      else for (const [key, value] of Object.entries(node)) visit(value, [...path, key]);
    }
  };
  visit(body['payload'], [...bodyPath, 'payload']);
}
