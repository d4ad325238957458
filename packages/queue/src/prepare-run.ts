import { loadDocument, type LoadedDocument, type LoadOptions } from '@loom/engine';
import { checkRunInputs, isSecretMemberName } from '@loom/engine/internal';
import { contentHash } from './document-cache.js';
import { QueueError } from './queue-error.js';
import { RUN_JOB_VERSION, type RunJobData } from './run-job.js';
import { queueKeyFromEnv, sealValue } from './sealed-values.js';

/** What a queued or scheduled run is made of: the document, the workflow and its inputs. */
export interface RunRequest {
  /** May be left out when the document has one workflow. */
  readonly workflowId?: string;
  readonly inputs?: Record<string, unknown>;
  /** By source name, the server URL that replaces its OpenAPI servers. */
  readonly servers?: Record<string, string>;
  /** The key that seals secret inputs; default `LOOM_QUEUE_KEY`. */
  readonly key?: Buffer;
  /** How the document is read here (base folder, offline, allowed hosts). */
  readonly load?: Pick<LoadOptions, 'cwd' | 'offline' | 'allowHosts' | 'timeoutMs'>;
}

/**
 * Validates the document and the inputs here and builds the job's data; nothing reaches Redis when
 * either is wrong, so a bad run fails at once, not later on a worker. Secret inputs are sealed.
 * `document` is a path or URL, or a document loaded already (from a path or URL: workers load it again from there).
 */
export async function prepareRun(document: string | LoadedDocument, request: RunRequest): Promise<RunJobData> {
  const loaded = typeof document === 'string' ? await loadDocument(document, request.load ?? {}) : document;
  const checked = await checkRunInputs(loaded, { ...(request.workflowId !== undefined ? { workflowId: request.workflowId } : {}), inputs: request.inputs ?? {} });
  // DECISIONS D92: sealed are the inputs marked secret (D21) and those whose name says secret (apiKey, token, password).
  const secretNames = new Set([...checked.secretInputNames, ...Object.keys(checked.inputs).filter(isSecretMemberName)]);
  const inputs: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(checked.inputs)) (secretNames.has(name) ? secrets : inputs)[name] = value;
  const key = request.key ?? queueKeyFromEnv();
  if (secretNames.size > 0 && key === undefined) {
    throw new QueueError(
      'LOOM_QUEUE_ERR_SECRETS',
      `workflow ${checked.workflowId} has secret inputs (${[...secretNames].join(', ')}); Loom never stores them in Redis in clear: set LOOM_QUEUE_KEY (32 bytes, e.g. openssl rand -hex 32) here and on the workers to queue them sealed`,
    );
  }
  return {
    version: RUN_JOB_VERSION,
    document: { url: loaded.url, sha256: contentHash(loaded.parsed.text) },
    workflowId: checked.workflowId,
    inputs,
    ...(secretNames.size > 0 ? { sealedInputs: sealValue(secrets, key!) } : {}),
    ...(request.servers ? { servers: request.servers } : {}),
  };
}
