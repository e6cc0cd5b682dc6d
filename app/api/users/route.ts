import { route, throttledError } from '../../../lib/web/api';
import { clientAddress } from '../../../lib/web/client-address';
import { HttpError, json, parse, readJson } from '../../../lib/web/http';
import { Schemas } from '../../../lib/web/schemas';
import { signUp } from '../../../lib/write/accounts';

export const POST = route(async (request) => {
  const { username, password } = parse(Schemas.NewCredentials, await readJson(request), 'sign-up');
  const r = await signUp(username, password, clientAddress(request.headers));
  if (!r.ok) {
    if ('throttled' in r) throw throttledError(r);
    if ('weak' in r) throw new HttpError(400, `invalid sign-up: password: ${r.weak}`);
    throw new HttpError(409, `the username "${username}" is taken`);
  }
  return json(201, { username });
});
