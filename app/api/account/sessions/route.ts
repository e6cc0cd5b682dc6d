import { route } from '../../../../lib/web/api';
import { HttpError, json } from '../../../../lib/web/http';
import { currentSession, signOutEverywhereElse } from '../../../../lib/write/accounts';

export const DELETE = route(async (request) => {
  const session = await currentSession(request.headers.get('cookie'));
  if (!session) throw new HttpError(401, 'sign in first (no valid session)');
  return json(200, { endedSessions: await signOutEverywhereElse(session) });
});
