import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: { 'dataflow/runtime': fileURLToPath(new URL('./runtime/index.ts', import.meta.url)) },
  },
  test: {
    include: ['tests/**/*.test.ts', 'generated/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
