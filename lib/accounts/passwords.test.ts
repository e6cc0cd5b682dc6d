// Password hashing: right and wrong passwords, and the cap on hashes at once (a flood waits or is turned away).
import { describe, expect, it } from 'vitest';
import {
  DUMMY_HASH,
  HASHING_CONCURRENCY,
  HASHING_QUEUE,
  HashingBusyError,
  hashingLoad,
  hashPassword,
  verifyPassword,
} from './passwords';

describe('password hashing', () => {
  it('verifies the right password only; the dummy hash matches nothing', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('', DUMMY_HASH)).toBe(false);
    expect(await verifyPassword('x', 'not a hash')).toBe(false);
  });

  it(`runs at most ${HASHING_CONCURRENCY} at once, queues ${HASHING_QUEUE}, and turns the rest away at once`, async () => {
    const hash = await hashPassword('correct horse battery');
    const flood = HASHING_CONCURRENCY + HASHING_QUEUE + 8;
    const outcomes = await Promise.allSettled(
      Array.from({ length: flood }, (_, i) => verifyPassword(`guess ${i}`, hash)),
    );
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(refused).toHaveLength(8);
    for (const o of refused) expect((o as PromiseRejectedResult).reason).toBeInstanceOf(HashingBusyError);
    expect(outcomes.filter((o) => o.status === 'fulfilled' && o.value === false)).toHaveLength(flood - 8);
    const load = hashingLoad();
    expect(load.mostAtOnce).toBe(HASHING_CONCURRENCY);
    expect(load).toMatchObject({ active: 0, pending: 0 });
  }, 120_000); // ~35 hashes one after another
});
