import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'app/**/*.test.ts'],
          exclude: ['lib/**/*.int.test.ts'],
        },
      },
      {
        test: {
          name: 'int',
          include: ['lib/**/*.int.test.ts', 'scripts/**/*.int.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
