/** The build's steps: a Node script and its arguments each, run from the repository root, in order. */
export declare const BUILD_STEPS: readonly { readonly name: string; readonly args: readonly string[] }[];
