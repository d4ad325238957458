import { CST, parse } from 'yaml';

/** A scalar's token in yaml's concrete syntax tree: plain, quoted or block. */
export type ScalarToken = CST.FlowScalar | CST.BlockScalar;

/**
 * The text that replaces `token` (its trailing spaces, comment and line break
 * included, as CST.stringify writes them) so that it reads `value`, in the token's
 * own style where the value allows it: a plain scalar stays plain unless the new
 * value needs quotes, a single-quoted one stays single-quoted, a block scalar keeps
 * its header style and its body's indentation.
 */
export function rewriteScalar(token: ScalarToken, value: string, inFlow: boolean, lineBreak: '\n' | '\r\n'): string {
  const copy = structuredClone(token);
  if (copy.type === 'double-quoted-scalar') {
    // JSON's string escapes are a subset of YAML's double-quoted ones (YAML 1.2 §5.7), so one
    // encoding suits a JSON document (it stays JSON) and a YAML one alike.
    copy.source = JSON.stringify(value);
  } else if (copy.type === 'block-scalar') {
    // Body lines keep the indentation they had, not yaml's default of two more than the key.
    copy.indent = bodyIndent(copy);
    CST.setScalarValue(copy, value);
  } else {
    CST.setScalarValue(copy, value, { afterKey: true, inFlow });
    // setScalarValue knows no schema: a plain `true`, `12` or `null` would stop being a string.
    if (copy.type === 'scalar' && !readsAsString(copy.source, value)) {
      copy.type = 'double-quoted-scalar';
      copy.source = JSON.stringify(value);
    }
  }
  const written = CST.stringify(copy);
  return lineBreak === '\r\n' ? written.replace(/\r?\n/g, '\r\n') : written;
}

/** The column a block scalar's body is written at: its first non-empty line's, else two past its parent. */
function bodyIndent(token: CST.BlockScalar): number {
  const line = token.source.split(/\r?\n/).find((text) => text.trim() !== '');
  return line === undefined ? token.indent + 2 : line.length - line.trimStart().length;
}

function readsAsString(source: string, value: string): boolean {
  try {
    return parse(source) === value;
  } catch {
    return false;
  }
}
