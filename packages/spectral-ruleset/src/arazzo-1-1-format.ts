import type { Format } from '@stoplight/spectral-core';

const ARAZZO_1_1 = /^1\.1(?:\.[0-9]*)?$/;

/**
 * Spectral's format for Arazzo 1.1.x documents (`@stoplight/spectral-formats` knows 1.0.x only; same test,
 * other minor version). Loom's rules run on both versions (DECISIONS D72); Spectral's own Arazzo rules
 * keep their 1.0 format, since they were written against the 1.0 text.
 */
export const arazzo1_1: Format = Object.assign(
  (document: unknown) => typeof document === 'object' && document !== null && !Array.isArray(document) && 'arazzo' in document && ARAZZO_1_1.test(String(document.arazzo)),
  { displayName: 'Arazzo 1.1.x' },
);
