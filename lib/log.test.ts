import { describe, expect, it } from 'vitest';
import { createLogger, type LoggedError, RECENT_ERRORS } from './log';
import { withRequestContext } from './observability/context';

const quiet = () => {
  const lines: string[] = [];
  return { lines, stream: { write: (line: string) => void lines.push(line) } };
};

describe('the logger', () => {
  it('keeps the latest errors for the system page: one entry per kind with its count, naming the request', () => {
    const kept: LoggedError[] = [];
    const out = quiet();
    const log = createLogger({ LOG_LEVEL: 'info' }, kept, out.stream);
    for (let i = 0; i < 12; i++) log.error({ err: new Error('boom') }, 'request failed');
    withRequestContext({ requestId: 'r-1', correlationId: 'c-1' }, () => log.error('projection "orders" failed'));
    log.warn('only a warning');
    expect(kept).toEqual([
      expect.objectContaining({ message: 'request failed', error: 'boom', count: 12, level: 'error' }),
      expect.objectContaining({
        message: 'projection "orders" failed',
        requestId: 'r-1',
        correlationId: 'c-1',
        count: 1,
      }),
    ]);
    // Every line written inside a request names it.
    expect(JSON.parse(out.lines.find((l) => l.includes('projection'))!)).toMatchObject({
      requestId: 'r-1',
      correlationId: 'c-1',
    });
    for (let i = 0; i < RECENT_ERRORS + 5; i++) log.error(`distinct ${i}`);
    expect(kept).toHaveLength(RECENT_ERRORS);
    expect(kept.at(-1)).toMatchObject({ message: `distinct ${RECENT_ERRORS + 4}`, count: 1 });
  });
});
