/**
 * Checks every expression in an Arazzo document: syntax (with the column inside
 * the string) and references to steps, outputs, inputs, workflows, sources and
 * components that cannot exist. `collectExpressionDiagnostics` maps each problem's
 * `path` + `column` to a line and column in the file. The expressions package
 * parses; which names a place of the document declares is this module's knowledge.
 */
import { ExpressionSyntaxError, type CriterionInput, type DialectForm, type DialectUse, type ExpressionErrorCode, type ExpressionFix, type RuntimeExpression } from '@loom/expressions';
import { applyFix, dialectMessage, environmentAdvice, expressionDialect, OPERATION_PATH_FORM, printExpression, resolveDottedName, compileJsonPathTarget, isRecord, isSelectorAt, resolveSelectorType, type ClassifiedString, type SelectorPlacement } from '@loom/expressions/internal';
import { startExpressions, type DocumentExpressions } from '../model/document-expressions.js';
import type { DocumentIndex, DocumentScope } from '../model/document-names.js';
import type { SourceReferenceCheck } from '../model/source-references.js';
import type { ComponentKind } from '../model/reference-expressions.js';
import type { Data, Located } from './document-walk.js';
import { walkDocument, type CriterionPlace, type DocumentVisitor } from './document-walker.js';
import { OUTPUT_NAME } from './semantic/fields.js';


export type ExpressionProblemCode =
  | 'expression-syntax'
  | 'expression-unknown-step'
  | 'expression-unknown-output'
  | 'expression-unknown-input'
  | 'expression-unknown-workflow'
  | 'expression-unknown-source'
  | 'expression-unknown-component'
  | 'expression-output-literal'
  | 'expression-dot-path'
  | 'expression-double-quoted-string'
  | 'expression-missing-outputs'
  | 'id-with-dot'
  | 'operation-path-format'
  | 'operation-path-url'
  | 'operation-source-unknown'
  | 'criterion-unknown-type'
  | 'criterion-type-context'
  | 'criterion-invalid-regex'
  | 'criterion-invalid-jsonpath'
  | 'criterion-invalid-xpath';

export interface ExpressionProblem {
  readonly code: ExpressionProblemCode;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** Location of the string value in the document (object keys and array indexes). */
  readonly path: readonly (string | number)[];
  /** 1-based column inside that string, when the problem has a position. */
  readonly column?: number;
  /**
   * The certain correction (the dialect forms, DECISIONS D24): replace characters
   * `start`..`end` (0-based, end exclusive) of the string value with `text`.
   */
  readonly fix?: ExpressionFix;
}

const ERROR_RULES: Readonly<Record<ExpressionErrorCode, ExpressionProblemCode>> = {
  EXPR_SYNTAX: 'expression-syntax',
  EXPR_UNKNOWN_TYPE: 'criterion-unknown-type',
  // Thrown only for a typed criterion without context, which this checker leaves to `criterion-type-context`.
  EXPR_MISSING_CONTEXT: 'criterion-type-context',
  EXPR_INVALID_REGEX: 'criterion-invalid-regex',
  EXPR_INVALID_JSONPATH: 'criterion-invalid-jsonpath',
  EXPR_INVALID_XPATH: 'criterion-invalid-xpath',
  EXPR_MISSING_OUTPUTS: 'expression-missing-outputs',
};

const DIALECT_RULES: Readonly<Record<DialectForm, ExpressionProblemCode>> = {
  'dot-path': 'expression-dot-path',
  'double-quoted': 'expression-double-quoted-string',
};

type Path = readonly (string | number)[];

/** Where an expression is written, which decides what it may refer to. */
type Scope = DocumentScope;

/** Checks a string again with a fix applied: the problems found in the corrected text. */
type Recheck = (corrected: string) => readonly ExpressionProblem[];

/**
 * Every expression problem in `document` (plain data, as loaded), in document order. Each string is
 * parsed into `expressions` (by default a new table kept with the document), where the model,
 * the compiler and lint read it. Validation runs the same checks as one visitor of its one walk
 * (`expressionVisitor`); the references the semantic rules own are theirs alone (see there).
 */
export function validateExpressions(document: unknown, expressions: DocumentExpressions = startExpressions(document)): ExpressionProblem[] {
  const checker = new ExpressionChecker(expressions);
  walkDocument(document, [checker]);
  return checker.problems;
}

/** The expression checks as a visitor of the document walk; `problems` holds what it found once the walk is done. */
export function expressionVisitor(expressions: DocumentExpressions, sourceReferences?: SourceReferenceCheck): DocumentVisitor & { readonly problems: readonly ExpressionProblem[] } {
  return new ExpressionChecker(expressions, sourceReferences);
}

/**
 * Each problem is found in one place (issue 12): where a semantic rule owns a reference, this checker
 * does not read it again. Reusable Objects' `reference` in workflows is `component-reference`'s; a
 * step's `workflowId`, `dependsOn` and the targets of goto / retry actions are the flow-target rules';
 * the second target of a step is `step-target`'s; an output with an invalid name is `output-name`'s;
 * a typed criterion without `context` is `criterion-type-context`'s. In `components`, where no rule
 * looks, the references are checked here.
 */
class ExpressionChecker implements DocumentVisitor {
  readonly problems: ExpressionProblem[] = [];

  private readonly index: DocumentIndex;

  /** The scope of the workflow being walked. */
  private scope: Scope;

  /**
   * Every string is parsed through `expressions`, which keeps the trees for the model and the compiler.
   * `sourceReferences`, given once the sources are loaded, checks `$sourceDescriptions.<name>.<reference>` (DECISIONS D95).
   */
  constructor(
    private readonly expressions: DocumentExpressions,
    private readonly sourceReferences?: SourceReferenceCheck,
  ) {
    this.index = expressions.names;
    this.scope = expressions.scope(undefined);
  }

  enterWorkflow(workflow: Located<Data>): void {
    const id = workflow.value['workflowId'];
    this.strictId(id, 'workflowId', '$workflows', [...workflow.path, 'workflowId']);
    this.scope = this.expressions.scope(typeof id === 'string' ? this.index.workflows.get(id) : undefined);
  }

  parameter(item: Located<Data>): void {
    if (item.value['value'] !== undefined) this.value(item.value['value'], [...item.path, 'value'], this.scope, 'root');
  }

  action(item: Located<Data>): void {
    const action = item.value;
    if (typeof action['reference'] === 'string') return;
    if (typeof action['workflowId'] === 'string' && action['type'] !== 'goto' && action['type'] !== 'retry') this.reference(action['workflowId'], [...item.path, 'workflowId'], this.scope);
    this.actionParameters(action, item.path, this.scope, false);
  }

  /**
   * Arazzo 1.1.0 §Success / Failure Action Object `parameters` (DECISIONS D97): values as a step's. Their
   * Reusable Objects are `component-reference`'s in workflows, and checked here only in `components`.
   */
  private actionParameters(action: Data, path: Path, scope: Scope, inComponents: boolean): void {
    this.each(action['parameters'], [...path, 'parameters'], (parameter, at) => {
      if (!isRecord(parameter)) return;
      if (inComponents && typeof parameter['reference'] === 'string') this.reusable(parameter['reference'], [...at, 'reference'], 'parameters');
      if (parameter['value'] !== undefined) this.value(parameter['value'], [...at, 'value'], scope);
    });
  }

  enterStep(step: Located<Data>): void {
    const { value, path } = step;
    this.strictId(value['stepId'], 'stepId', '$steps', [...path, 'stepId']);
    if (typeof value['operationId'] === 'string') this.reference(value['operationId'], [...path, 'operationId'], this.scope);
    if (typeof value['operationPath'] === 'string' && value['operationId'] === undefined) this.operationPath(value['operationPath'], [...path, 'operationPath']);
  }

  requestBody(body: Located<Data>): void {
    if (body.value['payload'] !== undefined) this.value(body.value['payload'], [...body.path, 'payload'], this.scope, 'anywhere');
    this.each(body.value['replacements'], [...body.path, 'replacements'], (replacement, at) => {
      if (isRecord(replacement) && replacement['value'] !== undefined) this.value(replacement['value'], [...at, 'value'], this.scope, 'root');
      if (isRecord(replacement) && replacement['targetSelectorType'] !== undefined && this.expressions.isArazzo11) this.replacementTarget(replacement, at);
    });
  }

  criterion(criterion: Located<Data>, place: CriterionPlace): void {
    if (place.action !== undefined && typeof place.action.value['reference'] === 'string') return;
    this.checkCriterion(criterion.value, criterion.path, place.workflow === undefined ? this.expressions.scope(undefined) : this.scope);
  }

  leaveStep(step: Located<Data>): void {
    const childId = typeof step.value['workflowId'] === 'string' ? step.value['workflowId'] : undefined;
    const childWorkflow = childId === undefined ? undefined : this.index.workflows.get(childId);
    this.outputs(step.value['outputs'], [...step.path, 'outputs'], this.expressions.scope(this.scope.workflow, childWorkflow));
  }

  leaveWorkflow(workflow: Located<Data>): void {
    this.outputs(workflow.value['outputs'], [...workflow.path, 'outputs'], this.scope);
  }

  component(kind: ComponentKind, _name: string, entry: Located<unknown>): void {
    if (kind === 'inputs' || !isRecord(entry.value)) return;
    const scope = this.expressions.scope(undefined);
    const { value, path } = entry;
    if (typeof value['reference'] === 'string') this.reusable(value['reference'], [...path, 'reference'], kind);
    if (kind === 'parameters') {
      if (value['value'] !== undefined) this.value(value['value'], [...path, 'value'], scope, 'root');
    } else if (typeof value['reference'] !== 'string') {
      if (typeof value['workflowId'] === 'string') this.reference(value['workflowId'], [...path, 'workflowId'], scope);
      this.actionParameters(value, path, scope, true);
    }
  }

  /**
   * DECISIONS D94: Arazzo 1.1.0 §Runtime Expressions names step and workflow ids as `identifier-strict`
   * (`[A-Za-z0-9_-]+`), so an expression reads such an id up to its first dot and a dotted id can never be named.
   * (Source description names have the schema's pattern already.) A 1.0 document's ids are not checked.
   */
  private strictId(id: unknown, field: 'stepId' | 'workflowId', root: string, path: Path): void {
    if (!this.expressions.isArazzo11 || typeof id !== 'string') return;
    const dot = id.indexOf('.');
    if (dot <= 0) return;
    this.add(
      'id-with-dot',
      `${field} '${id}' has a '.': in Arazzo 1.1 a ${field} is named in expressions as [A-Za-z0-9_-]+ (${root}.<${field}>), so ${root}.${id}... would read the ${field} '${id.slice(0, dot)}'; write it without dots, e.g. ${id.replace(/\./g, '_')}`,
      path,
      dot + 1,
    );
  }

  /** Arazzo 1.0.1 §Reusable Object: `reference` is a `$components.<section>.<name>` expression. */
  private reusable(reference: string, path: Path, section: 'parameters' | 'successActions' | 'failureActions'): void {
    const classified = this.expressions.classify(reference);
    if (classified.kind === 'invalid') return this.syntax(classified.error, path);
    if (classified.kind !== 'expression' || classified.expression.root !== 'components') {
      this.add('expression-syntax', `a reference must be a $components.${section}.<name> expression, not '${reference}'`, path, 1);
      return;
    }
    if (classified.expression.section !== section) {
      this.add('expression-unknown-component', `this reference must point into $components.${section}, not $components.${classified.expression.section}`, path, 1);
      return;
    }
    this.expression(classified.expression, path, this.expressions.scope(undefined));
  }

  /**
   * Arazzo 1.0.1 §Workflow Object, §Step Object: an output's value MUST be a runtime expression.
   * DECISIONS D44: a template (`{$...}` in text) is one too; a value with no expression in it is an error.
   */
  private outputs(outputs: unknown, path: Path, scope: Scope): void {
    if (!isRecord(outputs)) return;
    for (const [name, value] of Object.entries(outputs)) {
      // Arazzo 1.1 §Step Object outputs: a Selector Object is an output's value too.
      if (OUTPUT_NAME.test(name) && this.expressions.isArazzo11 && isSelectorAt(value, 'root', true)) this.selector(value, [...path, name], scope);
      if (!OUTPUT_NAME.test(name) || typeof value !== 'string' || this.string(value, [...path, name], scope) !== 'literal') continue;
      const meant = this.expressions.classify(`$${value}`).kind === 'expression' ? `; did you mean $${value}?` : '';
      this.add('expression-output-literal', `output ${name}: '${value}' is not a runtime expression; an output's value must be one, e.g. $response.body#/id${meant}`, [...path, name], undefined);
    }
  }

  /**
   * An operationPath is a URL and a JSON Pointer, not a runtime expression: its format and
   * source name are checked here, once, without the sources; whether the operation exists
   * is the engine's check once the sources load.
   */
  private operationPath(text: string, path: Path): void {
    const reading = this.expressions.operationPath(text);
    if (!reading.ok) {
      this.add('operation-path-format', `operationPath: ${reading.problem}; write ${OPERATION_PATH_FORM}`, path, reading.column);
      return;
    }
    if (reading.fix !== undefined) {
      const written = text.slice(reading.fix.start, reading.fix.end);
      this.add('operation-path-url', `operationPath: ${written} names the source description, Arazzo names its URL: write ${reading.fix.text} before '#' (Loom reads it so)`, path, reading.fix.start + 1, {
        severity: 'warning',
        fix: reading.fix,
      });
    }
    if (!this.index.sources.has(reading.sourceName)) {
      this.add('operation-source-unknown', `operationPath: there is no source description ${reading.sourceName}${known(this.index.sources)}`, path, reading.nameColumn);
    }
  }

  /**
   * `operationId`, `workflowId`: checked only when they are expressions or templates. What a
   * `$sourceDescriptions.<name>.<reference>` there names is the step-target and flow-target rules' to say.
   */
  private reference(value: unknown, path: Path, scope: Scope): void {
    if (typeof value === 'string') this.string(value, path, scope, true);
  }

  /** A value at any depth (payloads, parameter values); `selectors` says where it takes Selector Objects (Arazzo 1.1, DECISIONS D100). */
  private value(value: unknown, path: Path, scope: Scope, selectors: SelectorPlacement = 'none', atRoot = true): void {
    if (typeof value === 'string') this.string(value, path, scope);
    else if (this.expressions.isArazzo11 && isSelectorAt(value, selectors, atRoot)) this.selector(value, path, scope);
    else if (Array.isArray(value)) value.forEach((item, index) => this.value(item, [...path, index], scope, selectors, false));
    else if (isRecord(value)) for (const [key, item] of Object.entries(value)) this.value(item, [...path, key], scope, selectors, false);
  }

  /** Arazzo 1.1 §Payload Replacement Object: a JSONPath `target` compiles as a run compiles it (DECISIONS D101). */
  private replacementTarget(replacement: Record<string, unknown>, path: Path): void {
    try {
      const { kind, version } = resolveSelectorType(replacement['targetSelectorType']);
      if (kind === 'jsonpath' && typeof replacement['target'] === 'string') compileJsonPathTarget(replacement['target'], version);
    } catch (error) {
      if (!(error instanceof ExpressionSyntaxError)) throw error;
      this.syntax(error, [...path, fieldOfError(error, 'targetSelectorType', 'target')]);
    }
  }

  /**
   * Arazzo 1.1 §Selector Object: its context is a runtime expression (checked as every other one),
   * its type and selector compile as a run compiles them. Errors use the criteria's rule ids: the
   * selector languages and their checks are the same.
   */
  private selector(object: Record<string, unknown>, path: Path, scope: Scope): void {
    const context = object['context'];
    if (typeof context === 'string' && this.string(context, [...path, 'context'], scope) !== 'expression') {
      if (this.expressions.classify(context).kind !== 'invalid') this.add('expression-syntax', `a selector's context must be one runtime expression (such as $response.body), not '${context}'`, [...path, 'context'], undefined);
      return;
    }
    try {
      this.expressions.selector(object, scope);
    } catch (error) {
      if (!(error instanceof ExpressionSyntaxError)) throw error;
      this.syntax(error, [...path, fieldOfError(error, 'type', 'selector')]);
    }
  }

  /** Checks a string that may hold expressions; returns what it turned out to be. `target`: a step's or action's operationId / workflowId. */
  private string(text: string, path: Path, scope: Scope, target = false): ClassifiedString['kind'] {
    const classified = this.expressions.classify(text);
    switch (classified.kind) {
      case 'invalid':
        this.syntax(classified.error, path, (corrected) => this.checks((checker) => checker.string(corrected, path, scope, target)));
        break;
      case 'expression':
        this.written(classified.expression, text, path, scope, target);
        break;
      case 'template':
        for (const part of classified.template.parts) if (part.type === 'Slot') this.written(part.expression, text, path, scope, target);
        break;
      case 'literal':
        break;
    }
    return classified.kind;
  }

  private checkCriterion(criterion: unknown, path: Path, scope: Scope): void {
    if (!isRecord(criterion)) return;
    try {
      // The same rewrite as a run's (DECISIONS D46), so what is reported is what runs.
      const compiled = this.expressions.criterion(criterion as unknown as CriterionInput, scope);
      for (const expression of compiled.expressions) {
        const field = expression === compiled.context ? 'context' : 'condition';
        this.dialect(expressionDialect(expression), String(criterion[field]), [...path, field]);
        this.expression(expression, [...path, field], scope);
      }
      for (const use of compiled.literalDialect ?? []) this.dialect(use, compiled.condition, [...path, 'condition']);
    } catch (error) {
      if (!(error instanceof ExpressionSyntaxError)) throw error;
      const field = error.field ?? 'condition';
      // Arazzo 1.0.1 §Criterion Object: a typed criterion needs a context; `criterion-type-context` reports
      // it, and a type without its context is not read further (the condition still is).
      if ((field === 'type' || field === 'context') && criterion['type'] !== undefined && criterion['context'] === undefined) return;
      this.syntax(error, [...path, field], (corrected) => this.checks((checker) => checker.checkCriterion({ ...criterion, [field]: corrected }, path, scope)));
    }
  }

  /**
   * A syntax problem. Its fix is kept only when `recheck` finds the corrected text free of
   * errors (every fix is certain); the fixes of dialect warnings in the corrected text are
   * folded in, so one fix leads to the spec form (`$steps.s.o.x` -> `$steps.s.outputs.o#/x`).
   */
  private syntax(error: ExpressionSyntaxError, path: Path, recheck?: Recheck): void {
    const column = error.code === 'EXPR_UNKNOWN_TYPE' || error.code === 'EXPR_MISSING_CONTEXT' ? undefined : error.column;
    let fix: ExpressionFix | undefined;
    if (error.fix !== undefined && recheck !== undefined) {
      const corrected = applyFix(error.input, error.fix);
      const found = recheck(corrected);
      if (!found.some((problem) => problem.severity === 'error')) {
        const { start, text } = error.fix;
        // A dialect fix of exactly the corrected expression replaces it (error fixes span the whole expression).
        const then = found.find((problem) => problem.fix?.start === start && problem.fix.end === start + text.length && samePath(problem.path, path))?.fix;
        fix = then === undefined ? error.fix : { ...error.fix, description: then.description, text: then.text };
      }
    }
    // The suggestion in the message is the text the fix writes.
    const message = fix === undefined || fix === error.fix ? error.message : error.message.replace(`did you mean ${error.fix!.text}?`, `did you mean ${fix.text}?`);
    this.add(ERROR_RULES[error.code], message, path, column, fix === undefined ? {} : { fix });
  }

  /** The problems `check` finds with a fresh checker of the same document. */
  private checks(check: (checker: ExpressionChecker) => void): readonly ExpressionProblem[] {
    const checker = new ExpressionChecker(this.expressions, this.sourceReferences);
    check(checker);
    return checker.problems;
  }

  /** An expression of a string value: its dotted names resolved (DECISIONS D46), the dialect warned about, its references checked. */
  private written(parsed: RuntimeExpression, text: string, path: Path, scope: Scope, target = false): void {
    const expression = resolveDottedName(parsed, scope);
    this.dialect(expressionDialect(expression), text, path);
    this.expression(expression, path, scope, target);
  }

  /** DECISIONS D24: a dialect form is a warning, with the spec form as its fix. */
  private dialect(use: DialectUse | undefined, text: string, path: Path): void {
    if (use === undefined) return;
    const written = text.slice(use.start, use.end);
    this.add(DIALECT_RULES[use.form], dialectMessage(use, written), path, use.start + 1, {
      severity: 'warning',
      fix: { description: `write ${use.text}`, start: use.start, end: use.end, text: use.text },
    });
  }

  /** Reference checks; `column` is the expression's own start inside the string. */
  private expression(expression: RuntimeExpression, path: Path, scope: Scope, target = false): void {
    const column = expression.start + 1;
    const text = printExpression(expression);
    const { index } = this;
    switch (expression.root) {
      case 'steps': {
        const workflow = scope.workflow;
        if (workflow === undefined) return;
        const step = workflow.steps.get(expression.stepId);
        if (step === undefined) {
          this.add('expression-unknown-step', `${text}: workflow ${workflow.workflowId} has no step ${expression.stepId}`, path, column);
          return;
        }
        let outputs = step.outputs;
        let owner = `step ${expression.stepId}`;
        if (outputs === undefined && step.workflowId !== undefined) {
          // DECISIONS D7: a workflow step without outputs exposes the child workflow's outputs.
          const child = index.workflows.get(step.workflowId);
          if (child === undefined || child.outputs === undefined) return;
          outputs = child.outputs;
          owner = `step ${expression.stepId} (workflow ${step.workflowId})`;
        }
        // A step running a workflow of another Arazzo document exposes outputs this document cannot see (D7).
        if (outputs === undefined && !step.runsWorkflow) {
          this.add('expression-unknown-output', `${text}: step ${expression.stepId} declares no outputs`, path, column);
        } else if (outputs !== undefined && !outputs.has(expression.name)) {
          this.add('expression-unknown-output', `${text}: ${owner} has no output ${expression.name}${known(outputs)}`, path, column);
        }
        return;
      }
      case 'inputs': {
        const inputs = scope.workflow?.inputs;
        if (inputs !== undefined && !inputs.has(expression.name)) {
          this.add('expression-unknown-input', `${text}: workflow ${scope.workflow?.workflowId} has no input ${expression.name}${known(inputs)}${environmentAdvice(expression.name)}`, path, column);
        }
        return;
      }
      case 'outputs': {
        const outputs = scope.childWorkflow?.outputs;
        if (outputs !== undefined && !outputs.has(expression.name)) {
          this.add('expression-unknown-output', `${text}: workflow ${scope.childWorkflow?.workflowId} has no output ${expression.name}${known(outputs)}`, path, column);
        }
        return;
      }
      case 'workflows': {
        const workflow = index.workflows.get(expression.workflowId);
        if (workflow === undefined) {
          this.add('expression-unknown-workflow', `${text}: there is no workflow ${expression.workflowId}${known(new Set(index.workflows.keys()))}`, path, column);
          return;
        }
        const names = expression.field === 'inputs' ? workflow.inputs : workflow.outputs;
        if (names !== undefined && !names.has(expression.name)) {
          const code = expression.field === 'inputs' ? 'expression-unknown-input' : 'expression-unknown-output';
          this.add(code, `${text}: workflow ${workflow.workflowId} has no ${expression.field.slice(0, -1)} ${expression.name}${known(names)}`, path, column);
        }
        return;
      }
      case 'sourceDescriptions': {
        if (!index.sources.has(expression.sourceName)) {
          this.add('expression-unknown-source', `${text}: there is no source description ${expression.sourceName}${known(index.sources)}`, path, column);
          return;
        }
        // DECISIONS D95: the reference names an operationId / workflowId of the source, or one of its fields.
        const problem = target || expression.member === undefined ? undefined : this.sourceReferences?.(expression.sourceName, expression.member);
        if (problem !== undefined) this.add('expression-unknown-source', `${text}: ${problem}`, path, column);
        return;
      }
      case 'components':
        if (!index.components[expression.section].has(expression.name)) {
          this.add('expression-unknown-component', `${text}: components.${expression.section} has no ${expression.name}${known(index.components[expression.section])}`, path, column);
        }
        return;
      default:
        return;
    }
  }

  private each(list: unknown, path: Path, visit: (item: unknown, path: Path) => void): void {
    if (Array.isArray(list)) list.forEach((item, position) => visit(item, [...path, position]));
  }

  private add(
    code: ExpressionProblemCode,
    message: string,
    path: Path,
    column: number | undefined,
    options: { readonly severity?: 'error' | 'warning'; readonly fix?: ExpressionFix } = {},
  ): void {
    this.problems.push({
      code,
      severity: options.severity ?? 'error',
      message,
      path,
      ...(column === undefined ? {} : { column }),
      ...(options.fix === undefined ? {} : { fix: options.fix }),
    });
  }
}

/** The field a selector's error is in: its type field for an unknown type or version, else its text. */
function fieldOfError(error: ExpressionSyntaxError, typeField: string, textField: string): string {
  return TYPE_ERRORS.has(error.code) ? typeField : textField;
}

const TYPE_ERRORS: ReadonlySet<ExpressionErrorCode> = new Set<ExpressionErrorCode>(['EXPR_UNKNOWN_TYPE']);

function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((segment, index) => segment === b[index]);
}

function known(names: ReadonlySet<string>): string {
  if (names.size === 0) return '';
  const list = [...names].slice(0, 8).join(', ');
  return ` (known: ${list}${names.size > 8 ? ', ...' : ''})`;
}
