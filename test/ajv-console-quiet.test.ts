/**
 * A schema with a format no validator knows (Discord's `snowflake`) is ignored quietly: ajv's
 * console warnings used to reach stderr outside every reporter (`loom lint` of a Discord
 * document printed 56 such lines).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runLoom } from './support/run-loom.js';

const folder = join(repoRoot, 'test/fixtures/unknown-format');

describe('unknown formats in schemas', () => {
  it('loom lint checks the request body against its schema and prints nothing of ajv', async () => {
    const result = await runLoom(['lint', 'ids.arazzo.yaml', '-f', 'json'], { cwd: folder });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('loom run --dry-run checks the inputs against their schema and prints nothing of ajv', async () => {
    const result = await runLoom(['run', 'ids.arazzo.yaml', '--dry-run', '--input', 'id=42'], { cwd: folder });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
