import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Every test file: no secret the helpers know may appear in anything the server wrote.
    setupFiles: ['test/setup/secret-guard.ts'],
  },
});
