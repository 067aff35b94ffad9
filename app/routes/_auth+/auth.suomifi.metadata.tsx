// SP metadata for Suomi.fi (XML): entity id, ACS and SLO addresses, certificates, level.
import { spMetadata } from '../../auth/suomifi.server';

export async function loader() {
  return new Response(await spMetadata(), { headers: { 'Content-Type': 'application/samlmetadata+xml; charset=utf-8', 'Cache-Control': 'no-cache' } });
}
