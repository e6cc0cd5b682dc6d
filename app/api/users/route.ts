import { route } from '../../../lib/web/api';
import { HttpError, json, parse, readJson } from '../../../lib/web/http';
import { Schemas } from '../../../lib/web/schemas';
import { signUp } from '../../../lib/write/accounts';

export const POST = route(async (request) => {
  const { username, password } = parse(Schemas.Credentials, await readJson(request), 'sign-up');
  const r = await signUp(username, password);
  if (!r.ok) throw new HttpError(409, `the username "${username}" is taken`);
  return json(201, { username });
});
