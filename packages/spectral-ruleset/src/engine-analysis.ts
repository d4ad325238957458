import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintDocument, loadDocument, type Diagnostic, type LoadOptions } from '@loom/engine';
import { parsedTextOf } from './spectral-document.js';

/** What Loom's rules need from the engine for one document: its validation diagnostics and the lint-only ones. */
export interface EngineAnalysis {
  /** The document's URL as the engine knows it. */
  readonly url: string;
  readonly validation: readonly Diagnostic[];
  readonly lint: readonly Diagnostic[];
}

/** How Loom's rules load documents: the engine's LoadOptions that make sense in a linter. */
export interface AnalysisOptions {
  /** Load source descriptions and resolve operations; default true. */
  readonly loadSources?: boolean;
  /** Base for relative `sourceOverrides` paths and for file names in messages; default `process.cwd()`. */
  readonly cwd?: string;
  /** Source description name -> path or URL (CLI `--source`), relative to `cwd`. */
  readonly sourceOverrides?: Readonly<Record<string, string>>;
  /** Where documents may be read from and how long a remote read may take (CLI `--offline`, `--allow-host`, `--timeout`). */
  readonly offline?: boolean;
  readonly allowHosts?: readonly string[];
  readonly timeoutMs?: number;
  /** Documents a source `url` may name by their `$self` (CLI `--document`, DECISIONS D108), relative to `cwd`. */
  readonly documents?: readonly string[];
}

/** The part of Spectral's document Loom's rules read. */
export interface SpectralDocumentLike {
  readonly source: string | null;
  readonly data: unknown;
  readonly getText?: () => string;
}

/**
 * Runs the engine once per Spectral document, however many Loom rules ask:
 * every rule's function awaits the same promise (Spectral hands all rules the same document object).
 */
export function createEngineAnalysis(options: AnalysisOptions): (document: SpectralDocumentLike) => Promise<EngineAnalysis> {
  const cache = new WeakMap<object, Promise<EngineAnalysis>>();
  return (document) => {
    let analysis = cache.get(document);
    if (!analysis) {
      analysis = analyse(document, options);
      cache.set(document, analysis);
    }
    return analysis;
  };
}

async function analyse(document: SpectralDocumentLike, options: AnalysisOptions): Promise<EngineAnalysis> {
  let loadOptions: LoadOptions = {
    loadSources: options.loadSources ?? true,
    // Loom's rules read diagnostics and operations only: no resolved model to build and compile (~10% of a large lint).
    model: false,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.sourceOverrides ? { sourceOverrides: options.sourceOverrides } : {}),
    ...(options.offline ? { offline: true } : {}),
    ...(options.allowHosts ? { allowHosts: options.allowHosts } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.documents ? { documents: options.documents } : {}),
  };
  // The text Spectral lints was read and parsed by Loom already (toSpectralDocument): the engine analyses that
  // text and parse, neither reading the file again nor parsing it again, so both passes see one text (D55).
  const parsed = parsedTextOf(document);
  if (parsed) loadOptions = { ...loadOptions, text: parsed.text, parsedTexts: [parsed] };
  if (document.source && !document.source.startsWith('<')) return analyseLoaded(await loadDocument(document.source, loadOptions));
  // A document with no file (Spectral's stdin, an in-memory text): the engine reads
  // files, so the text goes to a private temporary file; relative sources cannot resolve from there.
  const text = document.getText?.() ?? JSON.stringify(document.data);
  const folder = await mkdtemp(join(tmpdir(), 'loom-lint-'));
  try {
    const file = join(folder, 'document.arazzo.yaml');
    await writeFile(file, text);
    return analyseLoaded(await loadDocument(file, { ...loadOptions, loadSources: false }));
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function analyseLoaded(loaded: Awaited<ReturnType<typeof loadDocument>>): EngineAnalysis {
  return { url: loaded.url, validation: loaded.diagnostics, lint: loaded.document ? lintDocument(loaded) : [] };
}
