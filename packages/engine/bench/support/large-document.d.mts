export interface LargeDocumentSize {
  /** Number of workflows; default 10. */
  readonly workflows?: number;
  /** Steps per workflow; default 1,000. */
  readonly steps?: number;
}
/** The Arazzo document's text and the text of the OpenAPI description it uses (`./large.openapi.yaml`). */
export declare function generateLargeDocument(size?: LargeDocumentSize): { arazzo: string; openapi: string };
/** Writes large.arazzo.yaml and large.openapi.yaml into `directory`; returns the Arazzo document's path. */
export declare function writeLargeDocument(directory: string, size?: LargeDocumentSize): string;
