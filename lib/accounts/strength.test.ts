// Which passwords are too easy to guess, and what the refusal says (the check runs in its worker thread).
import { describe, expect, it } from 'vitest';
import { weakPasswordReason } from './strength';

describe('a new password', () => {
  it.each(['12345678', 'password', '        ', 'iloveyou', 'qwertyuiop', 'abcdefgh', '11111111', 'Password1'])(
    '%j is refused, with a reason and a suggestion',
    async (password) => expect(await weakPasswordReason(password)).toMatch(/^too easy to guess: [^.]+\. .+/),
  );
  it.each(['correct horse battery', 'lantern orbit cobble', 'Tr0ub4dor&3-lamp'])(
    '%j is strong enough',
    async (password) => expect(await weakPasswordReason(password)).toBeNull(),
  );
  it('made of the username is refused', async () => {
    expect(await weakPasswordReason('marguerite1', 'marguerite')).toMatch(/too easy/);
    expect(await weakPasswordReason('lantern orbit cobble', 'marguerite')).toBeNull();
  });
  it('checks a long, patterned password (most of a second of CPU) without holding up the event loop', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      expect(await weakPasswordReason('p4ssw0rd'.repeat(16))).toMatch(/too easy/);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0); // the loop ran timers while the worker checked
  });
});
