import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // rebuilds dist/ when the sources are newer, for the tests that run the compiled CLI (test/e2e)
    globalSetup: ['test/global-setup.ts'],
    // Loading jieba's dictionary takes 1 s on a quiet machine and over 10 s on a busy shared one; the first
    // test of a file (or its beforeAll) pays it. A slow machine should not fail a test that is right.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
