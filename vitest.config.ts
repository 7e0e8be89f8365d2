import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // rebuilds dist/ when the sources are newer, for the tests that run the compiled CLI (test/e2e)
    globalSetup: ['test/global-setup.ts'],
    // the machines tests run on are shared; loading jieba's dictionary alone can take seconds
    testTimeout: 20_000,
  },
});
