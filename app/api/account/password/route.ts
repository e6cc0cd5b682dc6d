import { route, throttledError } from '../../../../lib/web/api';
import { clientAddress } from '../../../../lib/web/client-address';
import { HttpError, json, parse, readJson } from '../../../../lib/web/http';
import { Schemas } from '../../../../lib/web/schemas';
import { changePassword, currentSession } from '../../../../lib/write/accounts';

export const POST = route(async (request) => {
  const session = await currentSession(request.headers.get('cookie'));
  if (!session) throw new HttpError(401, 'sign in first (no valid session)');
  const input = parse(Schemas.PasswordChange, await readJson(request), 'password change');
  const r = await changePassword(session, input, clientAddress(request.headers));
  if (!r.ok) {
    if ('throttled' in r) throw throttledError(r);
    if ('weak' in r) throw new HttpError(400, `invalid password change: newPassword: ${r.weak}`);
    throw new HttpError(400, 'the current password is wrong');
  }
  return json(200, { endedSessions: r.endedSessions });
});
