import { health } from '../../../lib/read/admin';
import { route } from '../../../lib/web/api';
import { json } from '../../../lib/web/http';

export const GET = route(async () => json(200, await health()));
