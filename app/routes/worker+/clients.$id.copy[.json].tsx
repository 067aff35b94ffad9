// The client's data copy as JSON, produced by the own worker; logged in the client's access log.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireOwnClient } from '../../auth/guards.server';
import { dataCopyJsonResponse } from '../../domain/dataCopy.server';

export function loader({ request, params }: LoaderFunctionArgs) {
  const { client } = requireOwnClient(request, params.id, 'export');
  return dataCopyJsonResponse(client.id);
}
