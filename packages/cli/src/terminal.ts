/** What the output stream supports: colour only on a TTY and never with NO_COLOR (https://no-color.org). */
export interface Terminal {
  readonly color: boolean;
  readonly isTTY: boolean;
}

export function detectTerminal(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): Terminal {
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
