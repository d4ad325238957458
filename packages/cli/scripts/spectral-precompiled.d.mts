import type { Plugin } from 'esbuild';

/** The standalone code (a CommonJS module) of spectral-core's ruleset validator for one format. */
export function compileRulesetValidator(validationFolder: string, format: 'js' | 'json'): string;
/** The esbuild plugin that serves spectral-core's ruleset validator precompiled. */
export const precompiledRulesetValidator: Plugin;
/** The function schemas the bundle precompiles, by their JSON text. */
export function collectFunctionSchemas(spectralRulesetFolder: string): Promise<Map<string, unknown>>;
/** The esbuild plugin that serves the schemas of Spectral's functions precompiled. */
export function precompiledFunctionSchemas(spectralRulesetFolder: string): Plugin;
