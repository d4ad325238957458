import type { Plugin } from 'esbuild';

/** The standalone code (a CommonJS module) of spectral-core's ruleset validator for one format. */
export function compileRulesetValidator(validationFolder: string, format: 'js' | 'json'): string;
/** The esbuild plugin that serves spectral-core's ruleset validator precompiled. */
export const precompiledRulesetValidator: Plugin;
