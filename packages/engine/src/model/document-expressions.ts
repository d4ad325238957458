/**
 * The expressions of one Arazzo document, parsed once: the one place the engine parses what
 * a document writes (runtime expressions, templates, criteria, operationPaths, the references
 * between objects). Validation parses as it walks the document; the model, the compiler,
 * lint and `loom types` read the same trees from here, so no string is parsed twice and no
 * regular expression reads an expression again.
 */
import { type CompiledCriterion, type CriterionInput } from '@loom/expressions';
import type { StepDependencyReference } from './step-dependencies.js';
import {
  classifyString,
  compileCriterion,
  compileSelector,
  compileValue,
  dottedNameRewrite,
  readOperationPath,
  type ClassifiedString,
  type CompiledSelector,
  type CompiledValue,
  type ExpressionRewrite,
  type OperationPathReading,
  type SelectorPlacement,
} from '@loom/expressions/internal';
import { arazzoVersionOf } from '../loader/document-root.js';
import { documentScope, indexDocument, type DocumentIndex, type DocumentScope, type WorkflowInfo } from './document-names.js';
import { componentReferenceOf, inputsReferenceOf, workflowReferenceOf, type ComponentReference, type WorkflowReference } from './reference-expressions.js';

/** A criterion as compiled in one scope: the compiled form, or the syntax error validation reported. */
type CriterionOutcome = { readonly compiled: CompiledCriterion } | { readonly error: unknown };

const byDocument = new WeakMap<object, DocumentExpressions>();

/**
 * The parsed expressions of a document's data (`parsed.data`), made on first use and kept
 * with the data: validation, the model, the compiler and lint all reach the same table.
 */
export function expressionsOf(document: unknown): DocumentExpressions {
  const key = document !== null && typeof document === 'object' ? document : EMPTY_DOCUMENT;
  let found = byDocument.get(key);
  if (found === undefined) {
    found = new ExpressionTable(key);
    byDocument.set(key, found);
  }
  return found;
}

const EMPTY_DOCUMENT = Object.freeze({});

/**
 * A new, empty table for the document's data, kept with it from now on: validation starts one
 * as it walks the document, so the table always describes the data as it was validated.
 */
export function startExpressions(document: unknown): DocumentExpressions {
  const key = document !== null && typeof document === 'object' ? document : EMPTY_DOCUMENT;
  const table = new ExpressionTable(key);
  byDocument.set(key, table);
  return table;
}

/** The parsed expressions of one document (see `expressionsOf`). */
export interface DocumentExpressions {
  /** What the document declares that expressions may name. */
  readonly names: DocumentIndex;
  /** The scope of a place: in `workflow` (undefined in components), in the outputs of a step that runs `childWorkflow`. */
  scope(workflow: WorkflowInfo | undefined, childWorkflow?: WorkflowInfo): DocumentScope;
  /** The scope of a workflow by id (and of a step's outputs that runs `childWorkflowId`). */
  scopeOf(workflowId: string | undefined, childWorkflowId?: string): DocumentScope;
  /** What a string is (DECISIONS D22), parsed once per text. */
  readonly classify: (text: string) => ClassifiedString;
  /**
   * A value at any depth compiled for `scope` (its dotted names read against the names declared
   * there, DECISIONS D46), from the strings parsed already. `selectors` says where the field takes
   * Selector Objects (DECISIONS D100); in an Arazzo 1.0 document no field does.
   * @throws ExpressionSyntaxError for a mistyped expression (validation reported it).
   */
  value(raw: unknown, scope: DocumentScope, selectors?: SelectorPlacement): CompiledValue;
  /** True for an Arazzo 1.1 document: Selector Objects and the 1.1 expressions apply. */
  readonly isArazzo11: boolean;
  /**
   * A Selector Object compiled for `scope`.
   * @throws ExpressionSyntaxError when it does not compile (validation reports it).
   */
  selector(object: Readonly<Record<string, unknown>>, scope: DocumentScope): CompiledSelector;
  /**
   * A Criterion Object compiled for `scope`, once per criterion and scope.
   * @throws ExpressionSyntaxError when it does not compile (validation reported it).
   */
  criterion(criterion: CriterionInput, scope: DocumentScope): CompiledCriterion;
  /** A Step Object's `operationPath` (not a runtime expression: its own reader), read once per text. */
  operationPath(text: string): OperationPathReading;
  /** DECISIONS D98: a step `dependsOn` entry, read; undefined when malformed. */
  stepDependency(text: string): StepDependencyReference | undefined;
  /** DECISIONS D98: the step ids a string reads through `$steps.<id>`. */
  stepsRead(text: string): readonly string[];
  /** `$sourceDescriptions.<name>.<workflowId>` or a workflowId of this document; undefined when malformed. */
  workflowReference(text: string): WorkflowReference | undefined;
  /** `$components.<kind>.<name>`; undefined when malformed. */
  componentReference(text: string): ComponentReference | undefined;
  /** A JSON Schema `$ref` into `components.inputs` (`#/components/inputs/x` or `$components.inputs.x`): the input's name. */
  inputsReference(ref: string): string | undefined;
}

class ExpressionTable implements DocumentExpressions {
  #names: DocumentIndex | undefined;
  /** Strings that may hold an expression, classified (DECISIONS D22); others are literals without parsing. */
  readonly #strings = new Map<string, ClassifiedString>();
  readonly #operationPaths = new Map<string, OperationPathReading>();
  readonly #scopes = new Map<WorkflowInfo | undefined, Map<WorkflowInfo | undefined, { scope: DocumentScope; rewrite: ExpressionRewrite }>>();
  /** Criterion Objects by identity, then by the scope they were compiled in (DECISIONS D46: the names differ per place). */
  readonly #criteria = new WeakMap<object, Map<DocumentScope, CriterionOutcome>>();

  readonly isArazzo11: boolean;

  constructor(private readonly document: object) {
    this.isArazzo11 = arazzoVersionOf(document) === '1.1';
  }

  /** What the document declares that expressions may name (built on first use). */
  get names(): DocumentIndex {
    return (this.#names ??= indexDocument(this.document));
  }

  /** The scope of a place: in `workflow` (undefined in components), in the outputs of a step that runs `childWorkflow`. */
  scope(workflow: WorkflowInfo | undefined, childWorkflow?: WorkflowInfo): DocumentScope {
    return this.#scoped(workflow, childWorkflow).scope;
  }

  /** The scope of a workflow by id (and of a step's outputs that runs `childWorkflowId`). */
  scopeOf(workflowId: string | undefined, childWorkflowId?: string): DocumentScope {
    const { workflows } = this.names;
    return this.scope(workflowId === undefined ? undefined : workflows.get(workflowId), childWorkflowId === undefined ? undefined : workflows.get(childWorkflowId));
  }

  /** What a string is (DECISIONS D22), parsed once per text. */
  classify = (text: string): ClassifiedString => {
    // Neither one expression nor a template: a literal, with nothing to parse.
    if (text.charCodeAt(0) !== 0x24 && !text.includes('{$')) return classifyString(text);
    let found = this.#strings.get(text);
    if (found === undefined) {
      found = classifyString(text);
      this.#strings.set(text, found);
    }
    return found;
  };

  /**
   * A value at any depth compiled for `scope` (its dotted names read against the names declared
   * there, DECISIONS D46), from the strings parsed already.
   * @throws ExpressionSyntaxError for a mistyped expression (validation reported it).
   */
  value(raw: unknown, scope: DocumentScope, selectors: SelectorPlacement = 'none'): CompiledValue {
    return compileValue(raw, this.#scoped(scope.workflow, scope.childWorkflow).rewrite, this.classify, this.isArazzo11 ? selectors : 'none');
  }

  /**
   * A Selector Object compiled for `scope`.
   * @throws ExpressionSyntaxError when it does not compile (validation reports it).
   */
  selector(object: Readonly<Record<string, unknown>>, scope: DocumentScope): CompiledSelector {
    return compileSelector(object, this.#scoped(scope.workflow, scope.childWorkflow).rewrite, this.classify);
  }

  /**
   * A Criterion Object compiled for `scope`, once per criterion and scope.
   * @throws ExpressionSyntaxError when it does not compile (validation reported it).
   */
  criterion(criterion: CriterionInput, scope: DocumentScope): CompiledCriterion {
    let scopes = this.#criteria.get(criterion);
    if (scopes === undefined) {
      scopes = new Map();
      this.#criteria.set(criterion, scopes);
    }
    let outcome = scopes.get(scope);
    if (outcome === undefined) {
      try {
        outcome = { compiled: compileCriterion(criterion, this.#scoped(scope.workflow, scope.childWorkflow).rewrite, this.isArazzo11 ? '1.1' : '1.0') };
      } catch (error) {
        outcome = { error };
      }
      scopes.set(scope, outcome);
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.compiled;
  }

  /** A Step Object's `operationPath` (not a runtime expression: its own reader), read once per text. */
  operationPath(text: string): OperationPathReading {
    let found = this.#operationPaths.get(text);
    if (found === undefined) {
      found = readOperationPath(text);
      this.#operationPaths.set(text, found);
    }
    return found;
  }

  /**
   * Arazzo 1.1.0 §Step Object `dependsOn` (DECISIONS D98): a stepId, `$workflows.<wf>.steps.<id>` or
   * `$sourceDescriptions.<src>.<wf>.steps.<id>`; not runtime expressions the parser reads (1.1 ids have no dots).
   */
  stepDependency(text: string): StepDependencyReference | undefined {
    const workflow = /^\$workflows\.([^.]+)\.steps\.([^.]+)$/.exec(text);
    if (workflow) return { kind: 'workflow', workflowId: workflow[1]!, stepId: workflow[2]! };
    const source = /^\$sourceDescriptions\.([^.]+)\.([^.]+)\.steps\.([^.]+)$/.exec(text);
    if (source) return { kind: 'source', sourceName: source[1]!, workflowId: source[2]!, stepId: source[3]! };
    return /^[A-Za-z0-9_-]+$/.test(text) ? { kind: 'local', stepId: text } : undefined;
  }

  /** DECISIONS D98: the step ids a string reads through `$steps.<id>` anywhere in it (alone, in braces, in a condition). */
  stepsRead(text: string): readonly string[] {
    return [...text.matchAll(/\$steps\.([A-Za-z0-9_-]+)/g)].map((match) => match[1]!);
  }

  /** `$sourceDescriptions.<name>.<workflowId>` or a workflowId of this document; undefined when malformed. */
  workflowReference(text: string): WorkflowReference | undefined {
    return workflowReferenceOf(text, this.classify);
  }

  /** `$components.<kind>.<name>`; undefined when malformed. */
  componentReference(text: string): ComponentReference | undefined {
    return componentReferenceOf(text, this.classify);
  }

  /** A JSON Schema `$ref` into `components.inputs` (`#/components/inputs/x` or `$components.inputs.x`): the input's name. */
  inputsReference(ref: string): string | undefined {
    return inputsReferenceOf(ref, this.classify);
  }

  #scoped(workflow: WorkflowInfo | undefined, childWorkflow: WorkflowInfo | undefined): { scope: DocumentScope; rewrite: ExpressionRewrite } {
    let children = this.#scopes.get(workflow);
    if (children === undefined) {
      children = new Map();
      this.#scopes.set(workflow, children);
    }
    let found = children.get(childWorkflow);
    if (found === undefined) {
      const scope = documentScope(this.names, workflow, childWorkflow);
      found = { scope, rewrite: dottedNameRewrite(scope) };
      children.set(childWorkflow, found);
    }
    return found;
  }
}
