import { classifyString } from '@loom/expressions/internal';
import type { Diagnostic } from '../diagnostics.js';
import { isSecretHeaderName, isSecretMemberName } from '../secrets/secret-policy.js';
import type { ParsedText } from '../document/parse-text.js';
import { diagnosticAt } from '../document/parse-text.js';
import { bodyValueSites, parameterSites, stringsWithin } from './document-values.js';

/**
 * Lint (`literal-secret`), DECISIONS D21: a secret written into the document
 * itself. A parameter named like a secret header (Authorization, X-API-KEY, ...)
 * or a body member named like a secret (password, token, ...) whose value is a
 * literal string rather than an expression (`$inputs.apiKey`) or a template.
 */
export function checkLiteralSecrets(parsed: ParsedText): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { parameter, path } of parameterSites(parsed.data)) {
    const name = parameter['name'] as string;
    const value = parameter['value'];
    if (!isSecretHeaderName(name) || !isLiteralText(value)) continue;
    diagnostics.push(
      diagnosticAt(parsed, [...path, 'value'], {
        code: 'literal-secret',
        severity: 'warning',
        message: `parameter '${name}' holds a literal secret; pass it in as an input (for example $inputs.${camelCase(name)}) instead of writing it in the document`,
      }),
    );
  }
  for (const site of bodyValueSites(parsed.data)) {
    for (const text of stringsWithin(site.value, site.path)) {
      if (text.key === undefined || !isSecretMemberName(text.key) || !isLiteralText(text.value)) continue;
      diagnostics.push(
        diagnosticAt(parsed, text.path, {
          code: 'literal-secret',
          severity: 'warning',
          message: `request body member '${text.key}' holds a literal secret; pass it in as an input instead of writing it in the document`,
        }),
      );
    }
  }
  return diagnostics;
}

/**
 * Lint (`literal-dollar-string`), DECISIONS D22: a value such as `$5.00` or `$HOME`
 * starts with `$` but is no runtime expression; it goes out unchanged, and lint notes
 * it in case an expression was meant. Mistyped expressions are validation errors already.
 */
export function checkLiteralDollarStrings(parsed: ParsedText): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const sites = [
    ...parameterSites(parsed.data).map(({ parameter, path }) => ({ value: parameter['value'], path: [...path, 'value'] })),
    ...bodyValueSites(parsed.data),
  ];
  for (const site of sites) {
    for (const text of stringsWithin(site.value, site.path)) {
      if (!text.value.startsWith('$') || classifyString(text.value).kind !== 'literal') continue;
      diagnostics.push(
        diagnosticAt(parsed, text.path, {
          code: 'literal-dollar-string',
          severity: 'info',
          message: `'${text.value}' is not a runtime expression; it is sent as the literal text (D22)`,
        }),
      );
    }
  }
  return diagnostics;
}

function isLiteralText(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '' && classifyString(value).kind === 'literal';
}

function camelCase(name: string): string {
  const words = name.toLowerCase().split(/[^a-z0-9]+/).filter((word) => word !== '');
  return words.map((word, index) => (index === 0 ? word : word[0]!.toUpperCase() + word.slice(1))).join('') || 'secret';
}
