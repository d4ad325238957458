// js-yaml 4 ships no types; this is the part read-plain-fast.ts uses (js-yaml 4.3 lib/loader.js, lib/type.js, lib/schema.js).
declare module 'js-yaml-4' {
  /** The loader's state as a listener sees it. */
  export interface LoaderState {
    readonly input: string;
    readonly position: number;
    readonly depth: number;
    /** The node's resolved tag: null (collection or quoted scalar), '?' (plain string) or a type's tag. */
    readonly tag: string | null;
    readonly anchor: string | null;
    readonly kind: 'scalar' | 'sequence' | 'mapping' | null;
    readonly result: unknown;
    /** The document's `%YAML` version and `%TAG` handles. */
    readonly version: string | null;
    readonly tagMap: Record<string, string>;
  }
  export interface TypeOptions {
    readonly kind: 'scalar' | 'sequence' | 'mapping';
    /** Called with the text alone for an implicit (plain) scalar, with the tag too for an explicit one. */
    readonly resolve?: (data: string, tag?: string) => boolean;
    readonly construct?: (data: string) => unknown;
  }
  export class Type {
    constructor(tag: string, options: TypeOptions);
  }
  export class Schema {
    extend(definition: { implicit?: Type[]; explicit?: Type[] }): Schema;
  }
  export const FAILSAFE_SCHEMA: Schema;
  export interface LoadOptions {
    readonly schema?: Schema;
    readonly maxDepth?: number;
    readonly listener?: (event: 'open' | 'close', state: LoaderState) => void;
    readonly onWarning?: (warning: Error) => void;
  }
  export function load(text: string, options?: LoadOptions): unknown;
}
