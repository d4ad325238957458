#!/usr/bin/env node
/**
 * `node simulator/cli.mjs [--port N] [--api-key KEY] [--host 127.0.0.1]`: keeps the Amberflo
 * simulator running for manual use, prints its URL, logs one line per request, and stops
 * on Ctrl-C. Exit codes follow the CLI's: 0 stopped cleanly, 2 usage error.
 */
import { parseArgs } from 'node:util';
import { DEMO_API_KEY, SIMULATOR_HOST, startSimulator } from './index.mjs';

const USAGE = `Usage: node simulator/cli.mjs [--port <n>] [--api-key <key>] [--host ${SIMULATOR_HOST}]

  --port <n>        TCP port (default 0: a free port, printed at start)
  --api-key <key>   key every request must send in X-API-KEY
                    (default: $AMBERFLO_SIM_API_KEY, else the demo key ${DEMO_API_KEY})
  --host <address>  only ${SIMULATOR_HOST} is accepted
  --help            show this text`;

/** @param {string} message */
function usageError(message) {
  process.stderr.write(`amberflo-simulator: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

/** @type {{ port?: string; 'api-key'?: string; host?: string; help?: boolean }} */
let values = {};
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      'api-key': { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  }));
} catch (error) {
  usageError(error instanceof Error ? error.message : String(error));
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const port = values.port === undefined ? 0 : Number(values.port);
if (!/^\d+$/.test(values.port ?? '0') || port > 65535) usageError(`--port must be a whole number from 0 to 65535, got '${values.port}'`);
const host = values.host ?? SIMULATOR_HOST;
if (host !== SIMULATOR_HOST) usageError(`--host must be ${SIMULATOR_HOST}: the simulator is a local test double`);
const fromEnvironment = process.env['AMBERFLO_SIM_API_KEY'];
const apiKey = values['api-key'] ?? (fromEnvironment !== undefined && fromEnvironment !== '' ? fromEnvironment : DEMO_API_KEY);
if (apiKey === '') usageError('--api-key must not be empty');

let simulator;
try {
  simulator = await startSimulator({
    port,
    host,
    apiKey,
    recordRequests: false,
    log: (line) => process.stdout.write(`${line}\n`),
  });
} catch (error) {
  process.stderr.write(`amberflo-simulator: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
// The demo key is public; a key of the user's own is not echoed.
const keyNote = apiKey === DEMO_API_KEY ? `API key: ${DEMO_API_KEY} (the demo key)` : 'API key: the one given (not shown)';
process.stdout.write(`Amberflo simulator listening on ${simulator.url}\n${keyNote}\nPress Ctrl-C to stop.\n`);

const running = simulator;
/** @param {NodeJS.Signals} signal */
const stop = (signal) => {
  process.stdout.write(`\n${signal}: stopping\n`);
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
