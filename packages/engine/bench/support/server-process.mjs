// Starts bench/support/pet-server.mjs in a child process and talks to it.
import { fork } from 'node:child_process';

/**
 * @returns {Promise<{ url: string, counts(): Promise<Record<string, number>>, close(): Promise<void> }>}
 */
export async function startPetServer() {
  const child = fork(new URL('./pet-server.mjs', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('pet server did not start within 10 s')), 10_000);
    child.once('error', reject);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message.url);
    });
  });
  return {
    url,
    counts: () =>
      new Promise((resolve) => {
        child.once('message', (message) => resolve(message.counts));
        child.send({ type: 'count' });
      }),
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}
