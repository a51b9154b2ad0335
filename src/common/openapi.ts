import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { OperationObject, ResponseObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { AppConfig } from '../config/app-config';
import { PROBLEM_TITLES } from './app-error';
import { API_VERSION } from './api-version';
import { eventSchemas } from './openapi-events';
import { OPERATIONS } from './openapi-operations';

const TAGS: [string, string][] = [
  ['auth', 'Aanmelden en afmelden: lokale accounts, OIDC, de uitnodigingscode van de kandidaat.'],
  ['users', 'Accounts van de eigen organisatie en het eigen account.'],
  ['organisations', 'De eigen organisatie.'],
  ['cases', 'Dossiers: in opdracht geven, gebeurtenissen in het proces, verloop, taken.'],
  ['formations', 'Collegevorming: een formatie met haar kandidaten, tegen één installatiedatum.'],
  ['workflows', 'De procesmodellen en hun versies.'],
  ['privacy', 'Privacy-instellingen van de organisatie: bewaren tot het einde van de zittingsperiode, grondslag per verwerking.'],
  ['candidates', 'Wat de kandidaat doet en ziet: toestemming, vragenlijst, eigen gegevens.'],
  ['assessment', 'Het onderzoeksdossier van de screener en hoor en wederhoor.'],
  ['reports', 'Het ondertekende risicorapport: maken, downloaden, controleren.'],
  ['notifications', 'Meldingen: wat er in de eigen dossiers van de gebruiker wordt gevraagd, met het aantal ongelezen.'],
  ['webhooks', 'Ondertekende webhooks van de organisatie (Standard Webhooks): instellen, afleverlog, opnieuw versturen.'],
  ['audit', 'De audittrail en het logboek dataverwerkingen.'],
  ['health', 'Gereedheid en leven van de dienst, voor beheer en load balancers.'],
];

const GENERAL_CODES: Record<number, string[]> = {
  400: ['VALIDATION_FAILED', 'MALFORMED_REQUEST'],
  401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED'],
  403: ['FORBIDDEN', 'WEB_CLIENT_HEADER_MISSING'],
  404: ['NOT_FOUND'],
  413: ['PAYLOAD_TOO_LARGE'],
  429: ['TOO_MANY_REQUESTS'],
  500: ['INTERNAL_ERROR'],
  503: ['SERVICE_UNAVAILABLE'],
};

/** RFC 9457 problem details: the five standard members. */
const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'Foutmelding volgens RFC 9457 (problem details), als `application/problem+json`.',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri', description: 'Vaste URI per soort fout: `urn:basisscan:probleem:<code>`.', example: 'urn:basisscan:probleem:VERSION_CONFLICT' },
    title: { type: 'string', description: 'Korte Nederlandse titel bij de HTTP-status.', example: 'Conflict met de huidige toestand' },
    status: { type: 'integer', description: 'De HTTP-status.', example: 409 },
    detail: { type: 'string', description: 'Uitleg in het Nederlands voor mensen (gelijk aan `message`).', example: 'Het dossier is intussen gewijzigd; haal het opnieuw op en probeer het nog eens.' },
    instance: { type: 'string', description: 'Het pad van het verzoek, zonder query.', example: '/api/v1/cases/3f0c…/events' },
  },
};

/** Our extension members (RFC 9457 §3.2), which clients have read since before problem details. */
const PROBLEM_EXTENSION_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'Uitbreidingen op RFC 9457 die Basisscan altijd meestuurt.',
  required: ['statusCode', 'code', 'message', 'traceId'],
  properties: {
    statusCode: { type: 'integer', description: 'De HTTP-status (gelijk aan `status`).', example: 409 },
    code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', description: 'Vaste Engelse code voor programma\'s, zoals `VERSION_CONFLICT`.', example: 'VERSION_CONFLICT' },
    message: { type: 'string', description: 'Nederlandse uitleg voor mensen (gelijk aan `detail`).' },
    details: {
      description: 'Meer gegevens, afhankelijk van de code: per ongeldig veld `{field, label, problems}` (`label` is de Nederlandse veldnaam), of bijvoorbeeld `allowedEvents`, `blockers`, `missing`, `currentVersion`.',
      oneOf: [{ type: 'array', items: { type: 'object' } }, { type: 'object' }],
    },
    traceId: { type: 'string', pattern: '^[0-9a-f]{32}$', description: 'W3C trace-id; vermeld het bij contact met de beheerder.' },
  },
};

/**
 * The OpenAPI document of the API, as the NL API Design Rules ask: `servers` with the major
 * version, contact, `API-Version` on every answer, every error as problem details, every operation
 * described, and the body of `POST /cases/{id}/events` per event type from the payload classes.
 */
export function buildOpenApiDocument(app: INestApplication, config: AppConfig): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Basisscan integriteit')
    .setDescription(
      'Risicoanalyse integriteit en VOG voor kandidaat-bestuurders (wethouder, gedeputeerde, lid dagelijks bestuur, eilandgedeputeerde). ' +
        'Elke fout is een `application/problem+json` (RFC 9457) met ook `code`, `message` en `traceId`. ' +
        'Elk antwoord heeft de kop `API-Version`. De paden zonder `/api/v1` werken nog één release, met de kop `Deprecation`.',
    )
    .setVersion(API_VERSION)
    .setContact(config.api.contact.name, config.api.contact.url, config.api.contact.email)
    .setLicense('EUPL-1.2', 'https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12')
    .addServer(config.api.serverUrl, 'Deze installatie')
    .addBearerAuth();
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), { ignoreGlobalPrefix: true });
  return completeDocument(document);
}

/** Adds what the decorators do not say: texts, the version header, problem responses, the event schemas. */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  const components = (document.components ??= {});
  components.schemas ??= {};
  components.schemas.Probleem = PROBLEM_SCHEMA;
  components.schemas.ProbleemUitbreiding = PROBLEM_EXTENSION_SCHEMA;
  components.headers = {
    ...(components.headers ?? {}),
    'API-Version': { description: 'De volledige versie van de API (major.minor.patch).', schema: { type: 'string', example: API_VERSION } },
  };
  const events = eventSchemas();
  Object.assign(components.schemas, events.schemas);

  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method] as OperationObject | undefined;
      if (!operation) continue;
      const doc = OPERATIONS[`${method.toUpperCase()} ${path}`];
      if (doc) {
        operation.summary = doc.summary;
        operation.description = doc.description;
      }
      if (method === 'post' && path === '/cases/{id}/events') {
        operation.requestBody = {
          required: true,
          description: 'Eén gebeurtenis; `type` bepaalt het schema.',
          content: { 'application/json': { schema: events.body, examples: Object.fromEntries(Object.entries(events.schemas).map(([name, schema]) => [name, { summary: schema.title, value: schema.example }])) } },
        };
      }
      const responses = operation.responses;
      for (const [status, response] of Object.entries(responses)) {
        if (/^[23]\d\d$/.test(status)) {
          const r = response as ResponseObject;
          r.headers = { ...(r.headers ?? {}), 'API-Version': { $ref: '#/components/headers/API-Version' } };
        } else if (/^[45]\d\d$/.test(status)) {
          delete responses[status];
        }
      }
      for (const [status, codes] of Object.entries(errorCodes(path, operation, doc?.errors ?? {}))) {
        responses[status] = problemResponse(Number(status), codes);
      }
    }
  }
  return document;
}

function errorCodes(path: string, operation: OperationObject, own: Partial<Record<number, string[]>>): Record<number, string[]> {
  const statuses = new Set<number>([429, 500, 503]);
  const secured = (operation.security?.length ?? 0) > 0;
  const hasInput = Boolean(operation.requestBody) || (operation.parameters?.length ?? 0) > 0;
  if (hasInput || operation.requestBody) statuses.add(400);
  if (operation.requestBody) statuses.add(413);
  if (secured) {
    statuses.add(401);
    statuses.add(403);
  }
  if (path.includes('{')) statuses.add(404);
  for (const status of Object.keys(own)) statuses.add(Number(status));
  const out: Record<number, string[]> = {};
  for (const status of [...statuses].sort()) out[status] = [...new Set([...(own[status] ?? []), ...(GENERAL_CODES[status] ?? [])])];
  return out;
}

function problemResponse(status: number, codes: string[]): ResponseObject {
  return {
    description: `${PROBLEM_TITLES[status] ?? 'Fout'}. Mogelijke codes: ${codes.map((c) => `\`${c}\``).join(', ')}.`,
    headers: status === 429 || status === 503 ? { 'Retry-After': { description: 'Na hoeveel seconden u het opnieuw kunt proberen.', schema: { type: 'integer' } } } : undefined,
    content: {
      'application/problem+json': {
        schema: { allOf: [{ $ref: '#/components/schemas/Probleem' }, { $ref: '#/components/schemas/ProbleemUitbreiding' }] },
      },
    },
  };
}
