import { route } from '../../../lib/web/api';
import { json } from '../../../lib/web/http';
import { openApiDocument } from '../../../lib/web/openapi';

export const GET = route(async () => json(200, openApiDocument()));
