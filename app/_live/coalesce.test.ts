import { afterEach, describe, expect, it, vi } from 'vitest';
import { coalesce } from './coalesce';

/**
 * A run the test ends by hand (true: it did its work), counting its starts; `started(n)` resolves once the n-th run
 * has started.
 */
function controlled() {
  const ends: ((done: boolean) => void)[] = [];
  const waiting = new Map<number, () => void>();
  let starts = 0;
  const run = () =>
    new Promise<boolean>((resolve) => {
      starts++;
      ends.push(resolve);
      waiting.get(starts)?.();
    });
  const started = (n: number) =>
    new Promise<void>((resolve) => {
      if (starts >= n) resolve();
      else waiting.set(n, resolve);
    });
  return { run, started, starts: () => starts, endNext: (done = true) => ends.shift()!(done) };
}

afterEach(() => {
  vi.useRealTimers();
});

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
    const ask = coalesce(c.run, { skip: () => offline });
    const first = ask();
    const second = ask();
    offline = true;
    c.endNext();
    await Promise.all([first, second]);
    expect(c.starts()).toBe(1);
    await ask();
    expect(c.starts()).toBe(1);
  });

  it('tries a failed run again, backing off, until one succeeds; then asks nothing more by itself', async () => {
    vi.useFakeTimers();
    const c = controlled();
    const ask = coalesce(c.run, { retryMs: [100, 400] });
    void ask();
    c.endNext(false); // rejected or not rendered
    await vi.advanceTimersByTimeAsync(99);
    expect(c.starts()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(c.starts()).toBe(2);
    c.endNext(false);
    await vi.advanceTimersByTimeAsync(399);
    expect(c.starts()).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(c.starts()).toBe(3);
    c.endNext(false);
    await vi.advanceTimersByTimeAsync(400); // the last delay repeats
    expect(c.starts()).toBe(4);
    c.endNext(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(c.starts()).toBe(4);
  });

  it('an ask while a try is due runs at once, and a skipped run is owed like a failed one', async () => {
    vi.useFakeTimers();
    const c = controlled();
    let offline = true;
    const ask = coalesce(c.run, { skip: () => offline, retryMs: [1000] });
    await ask(); // skipped: owed
    expect(c.starts()).toBe(0);
    offline = false;
    void ask(); // before the try is due
    expect(c.starts()).toBe(1);
    c.endNext(true);
    await vi.advanceTimersByTimeAsync(5000); // the cancelled try does not run
    expect(c.starts()).toBe(1);
  });
});
