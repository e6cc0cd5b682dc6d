// Which passwords are too easy to guess, and what the refusal says.
import { describe, expect, it } from 'vitest';
import { NewCredentials } from './accounts';
import { weakPasswordReason } from './strength';

describe('a new password', () => {
  it.each(['12345678', 'password', '        ', 'iloveyou', 'qwertyuiop', 'abcdefgh', '11111111', 'Password1'])(
    '%j is refused, with a reason and a suggestion',
    (password) => expect(weakPasswordReason(password)).toMatch(/^too easy to guess: [^.]+\. .+/),
  );
  it.each(['correct horse battery', 'lantern orbit cobble', 'Tr0ub4dor&3-lamp'])('%j is strong enough', (password) =>
    expect(weakPasswordReason(password)).toBeNull(),
  );
  it('made of the username is refused, at sign-up', () => {
    const r = NewCredentials.safeParse({ username: 'marguerite', password: 'marguerite1' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['password'], message: expect.stringMatching(/too easy/) });
    expect(NewCredentials.safeParse({ username: 'marguerite', password: 'lantern orbit cobble' }).success).toBe(true);
  });
});
