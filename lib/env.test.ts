import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from './env';

describe('configuration', () => {
  it('has working defaults', () => {
    expect(loadEnv({})).toMatchObject({
      PORT: 3000,
      DATA_DIR: './data',
      EVENT_STORE: 'auto',
      REDIS_NAMESPACE: 'orderly',
      eventStorePath: './data/events.sqlite',
    });
    expect(loadEnv({}).REDIS_URL).toBeUndefined();
  });

  it('reads every setting, treating empty values as unset', () => {
    const env = loadEnv({
      PORT: '8080',
      DATA_DIR: '/var/orderly/',
      EVENT_STORE: 'redis',
      REDIS_URL: 'redis://cache:6380',
      REDIS_NAMESPACE: 'shop-a',
      EVENT_STORE_PATH: '',
    });
    expect(env).toMatchObject({ PORT: 8080, EVENT_STORE: 'redis', REDIS_URL: 'redis://cache:6380' });
    expect(env.eventStorePath).toBe('/var/orderly/events.sqlite');
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['EVENT_STORE', 'postgres'],
    ['REDIS_URL', 'localhost:6379'],
    ['REDIS_NAMESPACE', 'has{braces}'],
    ['LOG_LEVEL', 'loud'],
    ['LOG_FORMAT', 'xml'],
  ])('refuses %s=%s, naming the setting', (name, value) => {
    expect(() => loadEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => loadEnv({ [name]: value })).toThrow(name);
  });
});
