import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../simulator/cli.mjs', import.meta.url));

function exitOf(child: ReturnType<typeof spawn>): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('simulator/cli.mjs', () => {
  it('prints its URL, serves with the key from AMBERFLO_SIM_API_KEY without printing it, and stops on SIGTERM', async () => {
    const secret = 'sim-secret-4711';
    const child = spawn(process.execPath, [CLI, '--port', '0'], {
      env: { ...process.env, AMBERFLO_SIM_API_KEY: secret },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = exitOf(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 5000);
      child.stdout?.on('data', () => {
        const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (found?.[1]) {
          clearTimeout(timer);
          resolve(found[1]);
        }
      });
    });
    const response = await fetch(`${url}/customers`, { headers: { 'X-API-KEY': secret } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('GET /customers -> 200');
    expect(output).not.toContain(secret);
  });

  it('exits 2 with a clear message for a host other than 127.0.0.1', async () => {
    const child = spawn(process.execPath, [CLI, '--host', '0.0.0.0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    expect(await exitOf(child)).toBe(2);
    expect(errors).toContain('--host must be 127.0.0.1');
  });
});
