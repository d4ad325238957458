import type { RuleDeclaration } from './rule.js';

/**
 * The rules validation reports (`loadDocument`, `validateDocument`, `loom validate`): the text,
 * the schema, what the schema cannot express, the source descriptions and the runtime expressions.
 * Adding one: its entry here, its check (reporting this id), and its fixture; then `pnpm rules:update`.
 * The engine README's "Rules" table is generated from this list, in this order.
 */
export const VALIDATION_RULES = {
  syntax: {
    severities: ['error', 'warning'],
    description:
      'The text is not well-formed YAML or JSON (duplicate keys included), or nests deeper than 500 levels (DECISIONS D38). Warning: what the YAML parser accepts but warns about, such as an unknown tag.',
    fixture: 'syntax.arazzo.yaml',
  },
  'document-root': { severities: ['error'], description: 'The document is empty or not an object.', fixture: 'document-root.arazzo.yaml' },
  'arazzo-version': {
    severities: ['error'],
    description:
      'No `arazzo` field (for example an OpenAPI file was given), not a string, or neither `1.0.x` nor `1.1.x`; or a 1.0 document uses a field or value that Arazzo 1.1 introduced (DECISIONS D72).',
    fixture: 'arazzo-version.arazzo.yaml',
  },
  'arazzo-schema': {
    severities: ['error'],
    description:
      "A violation of the document's version's Arazzo JSON Schema (1.0: DECISIONS D23, 1.1: D71): missing field, unknown field (located at its key), wrong type, bad enum value, duplicates, ... one message per problem.",
    fixture: 'arazzo-schema.arazzo.yaml',
  },
  'source-not-asyncapi': {
    severities: ['error'],
    description: 'An `asyncapi` source description is not an AsyncAPI 2.0-2.6 or 3.x document (AsyncAPI 1.x is named, with the command that converts it) (DECISIONS D73, D111).',
    fixture: 'source-not-asyncapi.arazzo.yaml',
  },
  'asyncapi-invalid': {
    severities: ['error'],
    description: "An error the AsyncAPI parser finds in an `asyncapi` source (an unresolvable `$ref` included), at its line in the AsyncAPI file (DECISIONS D73).",
    fixture: 'asyncapi-invalid.arazzo.yaml',
  },
  'asyncapi-unconvertible': {
    severities: ['error'],
    description:
      'An AsyncAPI 2.x source uses what `@asyncapi/converter` would not carry over to 3.0 faithfully (an external `$ref` outside a schema, a trait that sets a field its object sets differently), at its line in the AsyncAPI file, with the command that converts it by hand (DECISIONS D111).',
    fixture: 'asyncapi-unconvertible.arazzo.yaml',
  },
  'asyncapi-operation-unresolved': {
    severities: ['error'],
    description:
      "An asynchronous step's `operationId` names no operation of its AsyncAPI source, or its `channelPath` with `action` names no operation (or more than one) on that channel (DECISIONS D73).",
    fixture: 'asyncapi-operation-unresolved.arazzo.yaml',
  },
  'workflow-id-unique': { severities: ['error'], description: 'Two workflows with the same `workflowId`.', fixture: 'workflow-id-unique.arazzo.yaml' },
  'step-id-unique': { severities: ['error'], description: 'Two steps of a workflow with the same `stepId`.', fixture: 'step-id-unique.arazzo.yaml' },
  'id-with-dot': {
    severities: ['error'],
    description: 'An Arazzo 1.1 `stepId` or `workflowId` with a `.`: 1.1 expressions name ids as `[A-Za-z0-9_-]+`, so none could name it (DECISIONS D94).',
    fixture: 'id-with-dot.arazzo.yaml',
  },
  'step-target': {
    severities: ['error'],
    description: 'A step with none, or more than one, of `operationId`, `operationPath`, `workflowId`.',
    fixture: 'step-target.arazzo.yaml',
  },
  'step-workflow-target': {
    severities: ['error'],
    description:
      "A step's `workflowId` names no workflow of this document, or no workflow of the `arazzo` source in `$sourceDescriptions.<name>.<workflowId>`.",
    fixture: 'step-workflow-target.arazzo.yaml',
  },
  'goto-target': {
    severities: ['error'],
    description: "A `goto` action's `stepId` is not in the workflow, or its `workflowId` does not exist. Component actions are checked where they are used.",
    fixture: 'goto-target.arazzo.yaml',
  },
  'retry-target': { severities: ['error'], description: "Same for a `retry` action's `stepId` / `workflowId`.", fixture: 'retry-target.arazzo.yaml' },
  'depends-on-target': { severities: ['error'], description: 'A `dependsOn` entry names no workflow.', fixture: 'depends-on-target.arazzo.yaml' },
  'depends-on-cycle': { severities: ['error'], description: '`dependsOn` forms a cycle (DECISIONS D15).', fixture: 'depends-on-cycle.arazzo.yaml' },
  'step-depends-on-target': {
    severities: ['error'],
    description: "Arazzo 1.1: a step's `dependsOn` entry names no step (a stepId of the workflow, `$workflows.<id>.steps.<id>` or `$sourceDescriptions.<name>.<workflowId>.steps.<id>`), or the step itself (DECISIONS D98).",
    fixture: 'step-depends-on-target.arazzo.yaml',
  },
  'step-depends-on-cycle': {
    severities: ['error'],
    description: "Arazzo 1.1: steps' `dependsOn` and `$steps.<id>` reads form a cycle, so no order runs them (DECISIONS D98).",
    fixture: 'step-depends-on-cycle.arazzo.yaml',
  },
  'step-forward-reference': {
    severities: ['error'],
    description: 'Arazzo 1.1: in a workflow with no step `dependsOn`, a step reads `$steps.<id>` of a step that comes after it (DECISIONS D98).',
    fixture: 'step-forward-reference.arazzo.yaml',
  },
  'component-reference': {
    severities: ['error', 'warning'],
    description:
      "A Reusable Object's `reference` is malformed, of the wrong kind, or names no component; a `$ref` to `#/components/inputs/<name>` that does not exist. Warning: `value` on a non-parameter reference.",
    fixture: 'component-reference.arazzo.yaml',
  },
  'output-name': { severities: ['error'], description: 'An `outputs` key outside `^[a-zA-Z0-9.\\-_]+$`.', fixture: 'output-name.arazzo.yaml' },
  'parameter-unique': {
    severities: ['error'],
    description: 'The same parameter (name + `in`; name alone on a workflow step) twice in one list.',
    fixture: 'parameter-unique.arazzo.yaml',
  },
  'parameter-in': {
    severities: ['warning', 'error'],
    description:
      'Warning: a parameter without `in` on an operation step (the spec requires it; Loom takes it from the operation, DECISIONS D13). Error: the operation has no parameter, or several, of that name; or a step has an `in: querystring` parameter with `query` parameters or a second one (DECISIONS D102).',
    fixture: 'parameter-in.arazzo.yaml',
  },
  'parameter-querystring-missing': {
    severities: ['error'],
    description:
      'An Arazzo 1.1 step calls an operation that requires an OpenAPI 3.2 `in: querystring` parameter (the whole query string), and neither the step nor its workflow gives an `in: querystring` parameter (DECISIONS D43).',
    fixture: 'parameter-querystring-missing.arazzo.yaml',
  },
  'criterion-type-context': { severities: ['error'], description: 'A criterion with `type` but no `context`.', fixture: 'criterion-type-context.arazzo.yaml' },
  'source-name-unique': { severities: ['error'], description: 'Two source descriptions with the same name.', fixture: 'source-name-unique.arazzo.yaml' },
  'action-name-unique': {
    severities: ['error'],
    description: "Two actions with the same name in one list (Reusable Objects count by the referenced action's name).",
    fixture: 'action-name-unique.arazzo.yaml',
  },
  'source-unreadable': {
    severities: ['error'],
    description: "A source description's URL cannot be read (located at its `url`).",
    fixture: 'source-unreadable.arazzo.yaml',
  },
  'source-not-openapi': {
    severities: ['error'],
    description: 'A source description of type `openapi` (or without a type) that is not an OpenAPI 3.0.x, 3.1.x or 3.2.x document.',
    fixture: 'source-not-openapi.arazzo.yaml',
  },
  'reference-not-allowed': {
    severities: ['error'],
    description:
      'A source description or `$ref` in a document read over http(s) that names a `file:` (or other non-http(s)) resource, or a host outside `allowHosts`; nothing is read (DECISIONS D25, D36).',
    fixture: 'reference-not-allowed.arazzo.yaml',
  },
  'openapi-ref-unresolved': {
    severities: ['warning', 'error'],
    description:
      'A `$ref` in an OpenAPI source that does not resolve, located in the OpenAPI file (DECISIONS D42); a `$ref` inside a specification extension (`x-...`) is never read. Error: a `$ref` that would lead deeper than 500 levels (DECISIONS D39).',
    fixture: 'openapi-ref-unresolved.arazzo.yaml',
  },
  'openapi-operation-id-duplicate': {
    severities: ['warning'],
    description: 'Two operations of an OpenAPI source with the same `operationId`; steps naming it get the first.',
    fixture: 'openapi-operation-id-duplicate.arazzo.yaml',
  },
  'operation-unresolved': {
    severities: ['error'],
    description: "A step's `operationId` names no operation of the source descriptions (located at the step's `operationId`).",
    fixture: 'operation-unresolved.arazzo.yaml',
  },
  'operation-ambiguous': {
    severities: ['error'],
    description: 'A bare `operationId` that several OpenAPI sources define; qualify it with `$sourceDescriptions.<name>.`.',
    fixture: 'operation-ambiguous.arazzo.yaml',
  },
  'operation-unqualified': {
    severities: ['warning'],
    description: 'A bare `operationId` in a document with several OpenAPI sources, found in one; its fix qualifies the id when no source failed to load.',
    fixture: 'operation-unqualified.arazzo.yaml',
  },
  'operation-path-unresolved': {
    severities: ['error'],
    description: "An `operationPath` whose JSON Pointer points at nothing in its source description, or has no pointer after `#`.",
    fixture: 'operation-path-unresolved.arazzo.yaml',
  },
  'operation-path-not-operation': {
    severities: ['error'],
    description: 'An `operationPath` that points at a Path Item or anything else that is not an operation under `/paths`.',
    fixture: 'operation-path-not-operation.arazzo.yaml',
  },
  'operation-path-format': {
    severities: ['error'],
    description:
      "An `operationPath` not of the form `{$sourceDescriptions.<name>.url}#<JSON Pointer>`, checked by `validateExpressions` at the character in error, with or without sources.",
    fixture: 'operation-path-format.arazzo.yaml',
  },
  'operation-path-url': {
    severities: ['warning'],
    description:
      "Redocly's `$sourceDescriptions.<name>#/paths/...`, which names the source rather than its URL: it resolves, and its fix writes `{$sourceDescriptions.<name>.url}` (DECISIONS D24).",
    fixture: 'operation-path-url.arazzo.yaml',
  },
  'operation-source-unknown': {
    severities: ['error'],
    description: 'An `operationId` or `operationPath` that names a source description the document does not have.',
    fixture: 'operation-source-unknown.arazzo.yaml',
  },
  'operation-ref-unresolved': {
    severities: ['error'],
    description: "The operation a step calls holds a `$ref` that does not resolve (DECISIONS D42); located at the step's `operationId` / `operationPath`.",
    fixture: 'operation-ref-unresolved.arazzo.yaml',
  },
  'operation-unsupported': {
    severities: ['error'],
    description:
      'A step of an Arazzo 1.0 document calls an operation that requires an OpenAPI 3.2 `in: querystring` parameter, which only an Arazzo 1.1 step can give (DECISIONS D43).',
    fixture: 'operation-unsupported.arazzo.yaml',
  },
  'workflow-step-cycle': {
    severities: ['warning'],
    description:
      'Workflow steps that run workflows whose steps run the first one again (within one document). A run stops at `maxWorkflowDepth` (DECISIONS D28).',
    fixture: 'workflow-step-cycle.arazzo.yaml',
  },
  'inputs-ref-expansion': {
    severities: ['error'],
    description: "Workflow inputs whose `$ref`s into `components.inputs` would inline past 500 levels or 100,000 nodes (DECISIONS D39).",
    fixture: 'inputs-ref-expansion.arazzo.yaml',
  },
  'expression-syntax': {
    severities: ['error'],
    description:
      'A runtime expression, condition, `{...}` template or component reference that does not parse, located at the character in error.',
    fixture: 'expression-syntax.arazzo.yaml',
  },
  'expression-unknown-step': {
    severities: ['error'],
    description: '`$steps.<stepId>` names no step of the workflow.',
    fixture: 'expression-unknown-step.arazzo.yaml',
  },
  'expression-unknown-output': {
    severities: ['error'],
    description: '`$steps.<id>.outputs.<name>` or `$workflows.<id>.outputs.<name>` names an output the step or workflow does not declare.',
    fixture: 'expression-unknown-output.arazzo.yaml',
  },
  'expression-unknown-input': {
    severities: ['error'],
    description: "`$inputs.<name>` (or `$workflows.<id>.inputs.<name>`) names an input the workflow's inputs schema does not declare.",
    fixture: 'expression-unknown-input.arazzo.yaml',
  },
  'expression-unknown-workflow': {
    severities: ['error'],
    description: '`$workflows.<workflowId>` names no workflow of the document.',
    fixture: 'expression-unknown-workflow.arazzo.yaml',
  },
  'expression-unknown-source': {
    severities: ['error'],
    description:
      '`$sourceDescriptions.<name>` names no source description, or (sources loaded) `$sourceDescriptions.<name>.<reference>` in a value names neither an operationId / workflowId of it nor a field (DECISIONS D95).',
    fixture: 'expression-unknown-source.arazzo.yaml',
  },
  'expression-unknown-component': {
    severities: ['error'],
    description: '`$components.<section>.<name>` names no component, or a reference points into the wrong section of `components`.',
    fixture: 'expression-unknown-component.arazzo.yaml',
  },
  'expression-output-literal': {
    severities: ['error'],
    description: "An `outputs` value that is not a runtime expression (an output's value must be one, e.g. `$response.body#/id`).",
    fixture: 'expression-output-literal.arazzo.yaml',
  },
  'expression-dot-path': {
    severities: ['warning'],
    description:
      'A dot path where the spec writes a JSON Pointer (`$response.body.a.b`, `$inputs.user.email`): runs as meant, with a fix (DECISIONS D24, D46).',
    fixture: 'expression-dot-path.arazzo.yaml',
  },
  'expression-double-quoted-string': {
    severities: ['warning'],
    description: 'A double-quoted string literal in a condition: runs as meant, with a fix to single quotes (DECISIONS D47).',
    fixture: 'expression-double-quoted-string.arazzo.yaml',
  },
  'expression-missing-outputs': {
    severities: ['error'],
    description: '`$steps.<id>.<name>` without `.outputs.`, with a fix when it is certain (DECISIONS D24).',
    fixture: 'expression-missing-outputs.arazzo.yaml',
  },
  'criterion-unknown-type': {
    severities: ['error'],
    description: 'A criterion `type` (or Criterion Expression Type `version`) that Loom does not know.',
    fixture: 'criterion-unknown-type.arazzo.yaml',
  },
  'criterion-invalid-regex': {
    severities: ['error'],
    description:
      'A regex criterion that is no ECMAScript regular expression, or uses a construct a linear-time engine cannot run (backreferences, lookahead, ...; DECISIONS D34), located at the construct.',
    fixture: 'criterion-invalid-regex.arazzo.yaml',
  },
  'criterion-invalid-jsonpath': {
    severities: ['error'],
    description: 'A jsonpath criterion whose query is not valid for its JSONPath version.',
    fixture: 'criterion-invalid-jsonpath.arazzo.yaml',
  },
  'criterion-invalid-xpath': {
    severities: ['error'],
    description: 'An xpath criterion whose expression is not valid XPath.',
    fixture: 'criterion-invalid-xpath.arazzo.yaml',
  },
} as const satisfies Record<string, RuleDeclaration>;
