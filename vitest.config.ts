import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources, so a change is tested without a rebuild.
    // The `/internal` entries first: an alias also matches its key followed by a path.
    alias: {
      '@loom/expressions/internal': here('./packages/expressions/src/internal.ts'),
      '@loom/engine/internal': here('./packages/engine/src/internal.ts'),
      '@loom/expressions': here('./packages/expressions/src/index.ts'),
      '@loom/engine': here('./packages/engine/src/index.ts'),
      '@loom/queue/dashboard': here('./packages/queue/src/dashboard.ts'),
      '@loom/queue': here('./packages/queue/src/index.ts'),
      '@loom/spectral-ruleset': here('./packages/spectral-ruleset/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    benchmark: { include: ['packages/*/bench/**/*.bench.ts'] },
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 20_000,
    pool: 'threads',
  },
});
