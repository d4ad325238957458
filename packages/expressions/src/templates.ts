/**
 * Embedded expressions: `Bearer {$steps.login.outputs.token}` (Arazzo 1.0.1
 * §Runtime Expressions: "Expressions can be embedded into string values by
 * surrounding the expression with {} curly braces").
 */
import type { RuntimeExpression, Template, TemplateSlot, TemplateText } from './ast.js';
import type { EvaluationContext } from './context.js';
import { syntaxError } from './errors.js';
import { evaluateExpression, explainMissing } from './evaluate.js';
import { printExpression } from './printer.js';
import { scanRuntimeExpression } from './runtime-expression.js';
import { looksLikeExpression } from './classify-rules.js';
import { toJsonText } from './json-text.js';
import type { ExpressionRewrite } from './declared-names.js';

/**
 * Splits text into literal parts and `{$...}` slots. A `{` not followed by `$`, and
 * `{$...}` whose content is not shaped like an expression (`{$HOME}`), stay literal text
 * (DECISIONS D22); a slot that names an expression root but does not parse is an error.
 * @throws ExpressionSyntaxError, offsets relative to `text`.
 */
export function parseTemplate(text: string): Template {
  const parts: (TemplateText | TemplateSlot)[] = [];
  let textStart = 0;
  let search = 0;
  for (;;) {
    const open = text.indexOf('{$', search);
    if (open === -1) break;
    search = open + 1;
    if (!looksLikeExpression(text, open + 1, true)) continue;
    const expression = scanRuntimeExpression(text, open + 1, 'template');
    if (text.charCodeAt(expression.end) !== 0x7d) {
      throw syntaxError(text, expression.end, `'}' to close the expression opened at column ${open + 1}`);
    }
    if (open > textStart) parts.push({ type: 'Text', value: text.slice(textStart, open), start: textStart, end: open });
    parts.push({ type: 'Slot', expression, start: open, end: expression.end + 1 });
    textStart = search = expression.end + 1;
  }
  if (textStart < text.length || parts.length === 0) {
    parts.push({ type: 'Text', value: text.slice(textStart), start: textStart, end: text.length });
  }
  return { source: text, parts };
}

/** True when the template has at least one `{$...}` slot. */
export function hasSlots(template: Template): boolean {
  for (const part of template.parts) if (part.type === 'Slot') return true;
  return false;
}

/**
 * The template's text with each slot replaced by its value's string form
 * (README E4: strings as they are, other values as JSON). `undefined` when any
 * slot has no value (DECISIONS D14); `explainTemplate` then says which and why.
 */
export function evaluateTemplate(template: Template, context: EvaluationContext, fallback?: MissingValueFallback): string | undefined {
  const { parts } = template;
  if (parts.length === 1 && parts[0]?.type === 'Text') return parts[0].value;
  let text = '';
  for (const part of parts) {
    if (part.type === 'Text') {
      text += part.value;
      continue;
    }
    let value = evaluateExpression(part.expression, context);
    if (value === undefined && fallback) value = fallback(part.expression);
    if (value === undefined) return undefined;
    text += stringifyValue(value);
  }
  return text;
}

/**
 * What to use for an expression that has nothing to read, instead of leaving the value out;
 * `undefined` keeps the usual rule (DECISIONS D14). `loom run --dry-run` shows later values as text.
 */
export type MissingValueFallback = (expression: RuntimeExpression) => unknown;

/** README E4: how a value reads inside text. */
export function stringifyValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return toJsonText(value) ?? '';
}

/** The first slot without a value and why ("{$inputs.name}: input name was not supplied"), or undefined. */
export function explainTemplate(template: Template, context: EvaluationContext): string | undefined {
  for (const part of template.parts) {
    if (part.type !== 'Slot') continue;
    const reason = explainMissing(part.expression, context);
    if (reason !== undefined) return `{${printExpression(part.expression)}}: ${reason}`;
  }
  return undefined;
}

/** The template with `rewrite` applied to each slot's expression (DECISIONS D46: once, when compiled). */
export function rewriteTemplate(template: Template, rewrite: ExpressionRewrite): Template {
  return {
    source: template.source,
    parts: template.parts.map((part) => (part.type === 'Slot' ? { ...part, expression: rewrite(part.expression) } : part)),
  };
}

/** The expressions of a template's slots, in order. */
export function templateExpressions(template: Template): RuntimeExpression[] {
  const expressions: RuntimeExpression[] = [];
  for (const part of template.parts) if (part.type === 'Slot') expressions.push(part.expression);
  return expressions;
}

