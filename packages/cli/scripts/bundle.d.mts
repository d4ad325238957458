/** The folder of the bundled CLI: packages/cli/dist/bundle. */
export declare const BUNDLE_FOLDER: string;
/** The bundle's entry, the file the `loom` bin runs. */
export declare const BUNDLE_ENTRY: string;
/** The private undici files the bundle's slim `undici` entry requires, and the name each provides. */
export declare const UNDICI_PRIVATE_MODULES: ReadonlyArray<{ readonly name: string; readonly file: string; readonly exported: string; readonly onFirstNew?: boolean }>;
/** Builds the bundle; returns esbuild's metafile. */
export declare function bundleCli(): Promise<{ inputs: Record<string, { bytes: number }>; outputs: Record<string, { bytes: number; imports: Array<{ path: string; kind: string }>; inputs: Record<string, { bytesInOutput: number }> }> }>;
