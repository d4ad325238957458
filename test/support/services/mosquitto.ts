/**
 * mosquitto (Debian package `mosquitto`), an MQTT 3.1.1 and 5 broker, on 127.0.0.1 and a free
 * port, with its configuration in a temp directory: anonymous clients allowed, or, with
 * `credentials`, only that user (a password file made by mosquitto_passwd). `restart` stops the
 * process and starts it again on the same port.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { type ServerProcess, startServerProcess } from './server-process.js';
import { ensureBinary } from './system-binary.js';
import { acceptsConnections } from './tcp-ready.js';

export interface Mosquitto {
  readonly port: number;
  readonly url: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startMosquitto(options: { readonly credentials?: { readonly username: string; readonly password: string } } = {}): Promise<Mosquitto> {
  const binary = ensureBinary({ name: 'mosquitto', debianPackage: 'mosquitto' });
  const directory = mkdtempSync(join(tmpdir(), 'loom-mosquitto-'));
  const port = await freePort();
  const lines = [`listener ${port} 127.0.0.1`, 'persistence false', 'log_dest stderr'];
  if (options.credentials === undefined) {
    lines.push('allow_anonymous true');
  } else {
    const passwd = ensureBinary({ name: 'mosquitto_passwd', debianPackage: 'mosquitto' });
    const passwordFile = join(directory, 'passwords');
    execFileSync(passwd, ['-b', '-c', passwordFile, options.credentials.username, options.credentials.password], { stdio: 'pipe' });
    // Started as root, mosquitto drops to its own user, which must still read the file.
    chmodSync(directory, 0o755);
    chmodSync(passwordFile, 0o644);
    lines.push('allow_anonymous false', `password_file ${passwordFile}`);
  }
  const configFile = join(directory, 'mosquitto.conf');
  writeFileSync(configFile, `${lines.join('\n')}\n`);
  const start = (): Promise<ServerProcess> =>
    startServerProcess({ command: binary, args: ['-c', configFile], ready: () => acceptsConnections(port), startTimeoutMs: 20_000 });
  let process = await start();
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    restart: async () => {
      await process.stop();
      process = await start();
    },
    stop: async () => {
      await process.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
