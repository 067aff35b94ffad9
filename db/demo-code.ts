// `npm run demo:code`: the code an authenticator app with the demo secret shows now (demo only).
import { codeFor } from '../app/auth/secondFactor.server';
import { DEMO_TOTP_SECRET } from './seed/second-factor';

const seconds = 30 - (Math.floor(Date.now() / 1000) % 30);
console.log(`${codeFor(DEMO_TOTP_SECRET)}  (valid for ${seconds} s more; each code signs in once)`);
