/** What the output stream supports: colour only on a TTY and never with NO_COLOR (https://no-color.org). */
export interface Terminal {
  readonly color: boolean;
  readonly isTTY: boolean;
}

export function detectTerminal(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv): Terminal {
  const isTTY = stream.isTTY === true;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== '';
  return { isTTY, color: !noColor && (forced || isTTY) };
}

const codes = { red: 31, yellow: 33, green: 32, cyan: 36, gray: 90, bold: 1, dim: 2 } as const;
export type Style = keyof typeof codes;

export function paint(terminal: Terminal, style: Style, text: string): string {
  return terminal.color ? `\u001b[${codes[style]}m${text}\u001b[0m` : text;
}

/**
 * Characters a terminal acts on instead of showing: C0 controls (ESC starts colour, cursor and
 * OSC sequences, BEL, CR overwrites a line), DEL, C1 controls (U+009B is a one-character CSI),
 * and the bidi embeddings, overrides and isolates that reorder what is shown (CVE-2021-42574).
 */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_CHARACTERS_BUT_LAYOUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeCharacter(character: string): string {
  const code = character.charCodeAt(0);
  return NAMED[character] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/**
 * Text from a response or a document, made safe to print on a terminal: every control
 * character shown escaped (`\x1b`, `\r`, `\u202e`), so the text cannot move the cursor,
 * recolour, retitle or clear the terminal, or hide or reorder what is printed. Every such
 * string passes through here (or `escapeControlCharactersKeepingLayout`) before printing;
 * JSON output through `escapeJsonControlCharacters`.
 */
export function escapeControlCharacters(text: string): string {
  CONTROL_CHARACTERS.lastIndex = 0;
  return CONTROL_CHARACTERS.test(text) ? text.replace(CONTROL_CHARACTERS, escapeCharacter) : text;
}

/**
 * The same for text shown as several lines (a body in `--verbose`, generated code, a graph):
 * newline and tab stay, everything else is escaped. In generated TypeScript this changes only
 * comments and string literals, where `\x1b` or `\u202e` mean what the raw character meant.
 */
export function escapeControlCharactersKeepingLayout(text: string): string {
  CONTROL_CHARACTERS_BUT_LAYOUT.lastIndex = 0;
  return CONTROL_CHARACTERS_BUT_LAYOUT.test(text) ? text.replace(CONTROL_CHARACTERS_BUT_LAYOUT, escapeCharacter) : text;
}

/** What JSON.stringify leaves raw and a terminal may still act on: DEL, C1 controls, bidi controls. */
const JSON_RAW_CONTROL_CHARACTERS = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text made safe to print on a terminal: JSON.stringify escapes C0 controls but not DEL,
 * C1 controls or bidi controls. They can only occur inside strings, where `\u009b` is the same
 * character, so the JSON parses to the same value.
 */
export function escapeJsonControlCharacters(json: string): string {
  JSON_RAW_CONTROL_CHARACTERS.lastIndex = 0;
  return JSON_RAW_CONTROL_CHARACTERS.test(json) ? json.replace(JSON_RAW_CONTROL_CHARACTERS, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}
