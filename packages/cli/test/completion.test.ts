import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runLoomInProcess } from '../../../test/support/fake-context.js';

describe('loom completion (in process)', () => {
  it('bash: a script bash accepts, completing commands and each command\'s options', async () => {
    const result = await runLoomInProcess(['completion', 'bash']);
    expect(result.code).toBe(0);
    expect(spawnSync('bash', ['-n'], { input: result.stdout }).status).toBe(0);
    expect(result.stdout).toMatch(/compgen -W "validate lint fix run test replay list describe graph env mcp types enqueue worker status results cancel schedule dashboard completion --help --version"/);
    expect(result.stdout).toMatch(/run\) opts="[^"]*--workflow[^"]*--inputs[^"]*--server/);
    // Completing `loom run --wor` in a real bash, from the generated script.
    const probe = spawnSync('bash', ['-c', `${result.stdout}\nCOMP_WORDS=(loom run --wor); COMP_CWORD=2; _loom; echo "\${COMPREPLY[@]}"`]);
    expect(probe.stdout.toString().trim()).toBe('--workflow');
  });

  it('zsh and fish scripts name every command', async () => {
    for (const shell of ['zsh', 'fish']) {
      const result = await runLoomInProcess(['completion', shell]);
      expect(result.code).toBe(0);
      for (const command of ['validate', 'run', 'list', 'describe', 'graph']) expect(result.stdout).toContain(command);
    }
  });

  it('an unknown shell is a usage error', async () => {
    const result = await runLoomInProcess(['completion', 'powershell']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^loom: completion: expects one of bash, zsh, fish/);
  });
});
