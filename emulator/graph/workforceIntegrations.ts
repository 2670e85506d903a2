import { type Router } from '../http/router.ts';
import { badRequest, notFound, type EmuRequest } from '../http/types.ts';
import { tracked } from '../shifts/commit.ts';
import { validateBody } from '../schema/validate.ts';
import { ID_PREFIX_WFI, type EmulatedIntegration, type GraphObject } from '../state.ts';
import { authorizeWorkforceIntegrations } from '../auth/delegated.ts';
import { callerActor, type GraphCall } from './call.ts';
import { ELIGIBILITY_ENTITIES, SUPPORTED_ENTITIES, hideEvolvableMembers, parseFlags } from './enums.ts';
import { ok, page, single } from './odata.ts';
import { newId } from '../state.ts';

const CONTEXT = 'teamwork/workforceIntegrations';

function visible(req: EmuRequest, call: GraphCall, wfi: EmulatedIntegration, asSingle: boolean): GraphObject {
  const props = { ...wfi.props, encryption: { protocol: 'sharedSecret', secret: null } };
  const shaped = hideEvolvableMembers(props, call.optIn);
  return asSingle ? single(req, call, shaped, CONTEXT) : shaped;
}

function find(call: GraphCall, id: string): EmulatedIntegration {
  const wfi = call.emu.state.integrations.get(id);
  if (!wfi) throw notFound(`Workforce integration '${id}' was not found.`);
  return wfi;
}

/**
 * Validates a create/update body. Beta still accepts the old name `supports`. Flags are
 * stored in Graph's canonical spelling, e.g. `shift,swapRequest`.
 */
function normalize(req: EmuRequest, call: GraphCall, partial: boolean): { props: GraphObject; secret: string | undefined } {
  if (req.body === undefined || req.body === null || typeof req.body !== 'object') throw badRequest('A JSON request body is required.');
  const body = { ...(req.body as GraphObject) };
  if (call.version === 'beta' && 'supports' in body) {
    if (!('supportedEntities' in body)) body.supportedEntities = body.supports;
    delete body.supports;
  }
  const problem = validateBody('request.workforceIntegration', body);
  if (problem) throw badRequest(problem);
  const props: GraphObject = {};
  for (const [k, v] of Object.entries(body)) {
    if (['id', 'createdDateTime', 'createdBy', 'lastModifiedDateTime', 'lastModifiedBy', 'encryption'].includes(k) || k.startsWith('@odata.')) continue;
    props[k] = v;
  }
  if (typeof body.supportedEntities === 'string') {
    props.supportedEntities = parseFlags(body.supportedEntities, SUPPORTED_ENTITIES, call.optIn, 'supportedEntities');
  }
  if (typeof body.eligibilityFilteringEnabledEntities === 'string') {
    props.eligibilityFilteringEnabledEntities = parseFlags(
      body.eligibilityFilteringEnabledEntities,
      ELIGIBILITY_ENTITIES,
      call.optIn,
      'eligibilityFilteringEnabledEntities',
    );
  }
  if (typeof props.url === 'string' && !/^https?:\/\/\S+$/i.test(props.url)) throw badRequest(`'${props.url}' is not a valid url.`);
  const secret = (body.encryption as GraphObject | null | undefined)?.secret;
  if (!partial) {
    for (const required of ['displayName', 'url', 'apiVersion']) {
      if (props[required] == null) throw badRequest(`Required property '${required}' is missing.`);
    }
    if (typeof secret !== 'string') throw badRequest("Required property 'encryption.secret' is missing.");
  }
  return { props, secret: typeof secret === 'string' ? secret : undefined };
}

/** `/teamwork/workforceIntegrations` on v1.0 and beta; create and update call `/connect` first. */
export function workforceIntegrationRoutes(r: Router<GraphCall>): void {
  const root = '/teamwork/workforceIntegrations';
  r.add('GET', root, (req, _p, call) => {
    authorizeWorkforceIntegrations(call.emu, call.user, false);
    return ok(page(req, call, [...call.emu.state.integrations.values()].map((w) => visible(req, call, w, false)), call.emu.settings.pageSize, CONTEXT));
  });
  r.add('GET', `${root}/:id`, (req, p, call) => {
    authorizeWorkforceIntegrations(call.emu, call.user, false);
    return ok(visible(req, call, find(call, p.id!), true));
  });

  r.add('POST', root, async (req, _p, call) => {
    authorizeWorkforceIntegrations(call.emu, call.user, true);
    const { props, secret } = normalize(req, call, false);
    const id = newId(ID_PREFIX_WFI);
    const candidate: EmulatedIntegration = {
      props: tracked(callerActor(call), { id, isActive: true, supportedEntities: 'none', eligibilityFilteringEnabledEntities: 'none', ...props }, undefined),
      secret: secret!,
    };
    const connected = await call.emu.wfi.connect(candidate, call.user?.id ?? call.appId);
    if (!connected.ok) throw badRequest(connected.message);
    call.emu.state.integrations.set(id, candidate);
    return ok(visible(req, call, candidate, true), 201);
  });

  r.add('PATCH', `${root}/:id`, async (req, p, call) => {
    authorizeWorkforceIntegrations(call.emu, call.user, true);
    const current = find(call, p.id!);
    const { props, secret } = normalize(req, call, true);
    const candidate: EmulatedIntegration = {
      props: tracked(callerActor(call), { ...current.props, ...props }, current.props),
      secret: secret ?? current.secret,
    };
    const connected = await call.emu.wfi.connect(candidate, call.user?.id ?? call.appId);
    if (!connected.ok) throw badRequest(connected.message);
    call.emu.state.integrations.set(p.id!, candidate);
    return ok(visible(req, call, candidate, true));
  });

  r.add('DELETE', `${root}/:id`, (_req, p, call) => {
    authorizeWorkforceIntegrations(call.emu, call.user, true);
    find(call, p.id!);
    call.emu.state.integrations.delete(p.id!);
    return { status: 204 };
  });
}
