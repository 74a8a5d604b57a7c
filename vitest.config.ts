import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: many tests spawn the binary or a browser, and the suite must hold on a busy
    // 2-core machine. A test that hangs still fails, just later.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Every test file: no secret the helpers know may appear in anything the server wrote.
    setupFiles: ['test/setup/secret-guard.ts'],
  },
});
