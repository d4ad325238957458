import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDocument, type LoadedDocument } from '@loom/engine';
import { expect } from 'vitest';

/** Writes documents to a fresh temp folder and loads the Arazzo one, asserting it has no errors. */
export async function loadFromFiles(files: Record<string, string>, main = 'flow.arazzo.yaml'): Promise<LoadedDocument> {
  const dir = await mkdtemp(join(tmpdir(), 'loom-run-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  const loaded = await loadDocument(join(dir, main));
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded;
}

/** A minimal OpenAPI 3.1 document whose single server is `serverUrl`. */
export function openapi(serverUrl: string, paths: string): string {
  return `openapi: 3.1.0
info: { title: test api, version: 1.0.0 }
servers:
  - url: ${serverUrl}
paths:
${paths}`;
}
