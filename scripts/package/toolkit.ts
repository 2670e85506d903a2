import { randomBytes } from 'node:crypto';
import { err, ok, type Result } from '../../connector/errors.ts';
import { derivedEndpoints } from './env.ts';
import type { PackageProblem } from './problems.ts';

/** The secret the provisioning script step generates, besides deriving the endpoints. */
export const GENERATED_SECRET = 'SECRET_WFI_SECRET';

/**
 * The `::set-teamsfx-env NAME=value` lines the first provisioning step prints: the endpoint
 * variables derived from PUBLIC_URL and, once, the 64-character workforce-integration secret
 * Shifts signs its calls with (kept when already set, so re-provisioning never rotates it).
 * Teams only reaches bots over https, so PUBLIC_URL must be https in every environment here.
 */
export function toolkitOutputs(
  env: Readonly<Record<string, string | undefined>>,
  newSecret: () => string = () => randomBytes(32).toString('hex'),
): Result<string[], PackageProblem[]> {
  const publicUrl = env.PUBLIC_URL?.trim() ?? '';
  if (publicUrl === '') {
    return err([{ code: 'public_url_invalid', message: 'PUBLIC_URL is empty: set it in env/.env.<env> to the https address of this deployment' }]);
  }
  const endpoints = derivedEndpoints(publicUrl);
  if (!/^https:\/\//i.test(publicUrl) || !endpoints.BOT_ENDPOINT) {
    return err([{ code: 'public_url_invalid', message: `PUBLIC_URL "${publicUrl}" must be an https URL that Teams can reach` }]);
  }
  const lines = Object.entries(endpoints).map(([k, v]) => `::set-teamsfx-env ${k}=${v}`);
  const secret = env[GENERATED_SECRET]?.trim() ?? '';
  if (secret === '') lines.push(`::set-teamsfx-env ${GENERATED_SECRET}=${newSecret()}`);
  else if (secret.length !== 64) {
    return err([{ code: 'secret_invalid', message: `${GENERATED_SECRET} must be exactly 64 characters (Shifts rejects any other length)` }]);
  }
  return ok(lines);
}
