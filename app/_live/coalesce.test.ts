import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce';

/** A run the test ends by hand, counting its starts; `started(n)` resolves once the n-th run has started. */
function controlled() {
  const ends: (() => void)[] = [];
  const waiting = new Map<number, () => void>();
  let starts = 0;
  const run = () =>
    new Promise<void>((resolve) => {
      starts++;
      ends.push(resolve);
      waiting.get(starts)?.();
    });
  const started = (n: number) =>
    new Promise<void>((resolve) => {
      if (starts >= n) resolve();
      else waiting.set(n, resolve);
    });
  return { run, started, starts: () => starts, endNext: () => ends.shift()!() };
}

describe('coalesce', () => {
  it('runs once for asks made while a run is in flight, after it ends, and every ask resolves after that run', async () => {
    const c = controlled();
    const ask = coalesce(c.run);
    const first = ask();
    const later = [ask(), ask(), ask(), ask()];
    expect(c.starts()).toBe(1);
    let settled = 0;
    for (const p of later) void p.then(() => settled++);
    c.endNext(); // the first run ends: one more starts, for the four asks
    await c.started(2);
    expect(settled).toBe(0);
    c.endNext();
    await Promise.all([first, ...later]);
    expect(settled).toBe(4);
    expect(c.starts()).toBe(2);
    // Idle again: the next ask starts a run at once.
    const next = ask();
    expect(c.starts()).toBe(3);
    c.endNext();
    await next;
  });

  it('never rejects: a failed run lets the next ask run again', async () => {
    let calls = 0;
    const ask = coalesce(async () => {
      calls++;
      throw new Error('no answer');
    });
    await expect(ask()).resolves.toBeUndefined();
    await expect(ask()).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });

  it('skips a run when skip() says so at its start, also the one due after a run in flight', async () => {
    const c = controlled();
    let offline = false;
    const ask = coalesce(c.run, () => offline);
    const first = ask();
    const second = ask();
    offline = true;
    c.endNext();
    await Promise.all([first, second]);
    expect(c.starts()).toBe(1);
    await ask();
    expect(c.starts()).toBe(1);
  });
});
