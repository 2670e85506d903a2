import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const SCHEMA_ID = 'graph-shifts-v1.schema.json';

/** Request-body definitions the emulator validates writes against. */
export type RequestSchema =
  | 'request.schedule'
  | 'request.shift'
  | 'request.openShift'
  | 'request.timeOff'
  | 'request.timeOffReason'
  | 'request.schedulingGroup'
  | 'request.workforceIntegration'
  | 'request.scheduleShare'
  | 'request.scheduleChangeRequestAction'
  | 'request.scheduleChangeRequestForUserAction'
  | 'batch.request'
  | 'wfi.responseContainer';

// ajv-formats is CommonJS; under ESM its function is the default export's default.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

function createAjv(): Ajv2020 {
  // Options as documented with the reference schema (section 11): strict 2020-12, the
  // Microsoft vendor keywords declared, union types allowed for ["string","null"].
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addVocabulary(['x-ms-navigationProperty', 'x-ms-enum-flags', 'x-ms-enum-members']);
  const path = fileURLToPath(new URL('./graph-shifts-v1.schema.json', import.meta.url));
  ajv.addSchema(JSON.parse(readFileSync(path, 'utf8')) as object, SCHEMA_ID);
  return ajv;
}

let ajv: Ajv2020 | undefined;
const compiled = new Map<RequestSchema, ValidateFunction>();

/**
 * Validates `body` against one definition of the vendored Graph schema. Returns undefined
 * when valid, else one Graph-like message naming the offending property.
 */
export function validateBody(def: RequestSchema, body: unknown): string | undefined {
  ajv ??= createAjv();
  let fn = compiled.get(def);
  if (!fn) {
    fn = ajv.getSchema(`${SCHEMA_ID}#/$defs/${def}`);
    if (!fn) throw new Error(`schema definition ${def} is missing from ${SCHEMA_ID}`);
    compiled.set(def, fn);
  }
  if (fn(body)) return undefined;
  // A misspelled property also makes the real one "missing"; name the misspelling first.
  const first = fn.errors?.find((e) => e.keyword === 'additionalProperties') ?? fn.errors?.[0];
  if (!first) return 'The request body is invalid.';
  const where = first.instancePath === '' ? '' : ` at '${first.instancePath.slice(1).replaceAll('/', '.')}'`;
  if (first.keyword === 'additionalProperties') {
    const prop = String((first.params as { additionalProperty?: string }).additionalProperty);
    const type = def.replace(/^request\./, '');
    return `The property '${prop}' does not exist on type 'microsoft.graph.${type}'${where}. Make sure to only use property names that are defined by the type.`;
  }
  if (first.keyword === 'required') {
    const prop = String((first.params as { missingProperty?: string }).missingProperty);
    return `Required property '${prop}' is missing${where}.`;
  }
  return `Invalid request body${where}: ${first.message ?? 'invalid value'}.`;
}
