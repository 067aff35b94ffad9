// The client's data copy as a JSON file to take elsewhere (GDPR art. 20). Taking it is logged.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireActingFor } from '../../auth/guards.server';
import { noteOwnDataRead } from '../../domain/accessLog.server';
import { dataCopyJsonResponse } from '../../domain/dataCopy.server';

export function loader({ request }: LoaderFunctionArgs) {
  const acting = requireActingFor(request);
  noteOwnDataRead(acting.actor, acting.client.id, 'copy_json');
  return dataCopyJsonResponse(acting.client.id);
}
