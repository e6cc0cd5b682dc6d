import { describe, expect, it } from 'vitest';
import { withoutCredentials } from './redis';

describe('a Redis URL as logs and pages show it', () => {
  it.each([
    ['redis://:S3cretRedisPw@127.0.0.1:6391', 'redis://***@127.0.0.1:6391'],
    ['redis://user:pw@redis.internal:6379/2', 'redis://***@redis.internal:6379/2'],
    ['rediss://default:pw@x.example:6380', 'rediss://***@x.example:6380'],
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
  ])('%s → %s', (url, shown) => {
    expect(withoutCredentials(url)).toBe(shown);
    expect(withoutCredentials(url)).not.toMatch(/S3cret|:pw@/);
  });
});
