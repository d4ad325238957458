export { main } from './main.js';
export { processContext } from './process-context.js';
export type { CommandContext, StopSignal } from './command.js';
export type { Terminal } from './terminal.js';
