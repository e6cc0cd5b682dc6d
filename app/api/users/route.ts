import { createUser, UsernameTaken } from '../../../lib/accounts/accounts';
import { route } from '../../../lib/web/api';
import { HttpError, json, parse, readJson } from '../../../lib/web/http';
import { Schemas } from '../../../lib/web/schemas';

export const POST = route(async (request, _ctx, rt) => {
  const { username, password } = parse(Schemas.Credentials, await readJson(request), 'sign-up');
  try {
    await createUser(rt.db, username, password);
  } catch (error) {
    if (error instanceof UsernameTaken) throw new HttpError(409, error.message);
    throw error;
  }
  return json(201, { username });
});
