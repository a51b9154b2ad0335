import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { COMMON_EVENT_REFUSALS, EVENT_CATALOGUE, eventRefusals } from '../cases/event-catalogue';
import { PAYLOADS } from '../cases/event-payloads';

/** `ASSIGN_SCREENER` → `GebeurtenisAssignScreener`: the schema's name in the document (UpperCamelCase, as the ADR ask). */
export const eventSchemaName = (type: string) => `Gebeurtenis${type.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase())}`;

/**
 * The request body of `POST /cases/{id}/events` per event type, generated from the class-validator
 * metadata of the classes in `PAYLOADS` (what the service validates with), with the Dutch texts and
 * example of the event catalogue. One schema per event; `type` fixed to the event's own type, no
 * other fields than the class declares (the service refuses unknown fields).
 */
export function eventSchemas(): { schemas: Record<string, SchemaObject>; body: SchemaObject } {
  const generated = validationMetadatasToSchemas({
    // IsCalendarDate registers itself under the name `isDateString`: a calendar date, not a date-time.
    additionalConverters: {
      isDateString: { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Datum (JJJJ-MM-DD), tussen 2000-01-01 en 2100-12-31.' },
    },
  }) as Record<string, SchemaObject>;
  const schemas: Record<string, SchemaObject> = {};
  const mapping: Record<string, string> = {};
  for (const [type, payloadClass] of Object.entries(PAYLOADS)) {
    const source = schemaOf(generated, payloadClass);
    if (!source) throw new Error(`no schema generated for ${payloadClass.name} (${type})`);
    const doc = EVENT_CATALOGUE[type];
    const properties: Record<string, SchemaObject> = {};
    for (const [field, schema] of Object.entries(source.properties ?? {}) as [string, SchemaObject][]) {
      if (field === 'type') properties.type = { type: 'string', enum: [type], description: 'Het soort gebeurtenis.' };
      else if (field === 'expectedVersion') properties.expectedVersion = { ...schema, description: 'De `version` van het dossier waarop deze gebeurtenis voortbouwt. Is het dossier intussen gewijzigd, dan volgt 409 `VERSION_CONFLICT`.' };
      else properties[field] = { ...schema, ...(doc?.fields?.[field] ? { description: doc.fields[field] } : {}) };
    }
    const refusals = eventRefusals(type)
      .filter((r) => !COMMON_EVENT_REFUSALS.includes(r))
      .map((r) => `- ${r.status} \`${r.code}\`: ${r.when}`);
    const name = eventSchemaName(type);
    schemas[name] = {
      type: 'object',
      title: doc?.summary ?? type,
      description: [doc?.description ?? `Gebeurtenis ${type}.`, ...(refusals.length ? ['', 'Eigen weigeringen:', ...refusals] : [])].join('\n'),
      required: ['type', 'expectedVersion', ...(source.required ?? []).filter((f) => f !== 'type' && f !== 'expectedVersion')],
      properties: { type: properties.type, expectedVersion: properties.expectedVersion, ...properties },
      additionalProperties: false,
      ...(doc ? { example: doc.example } : {}),
    };
    mapping[type] = `#/components/schemas/${name}`;
  }
  return {
    schemas,
    body: {
      oneOf: Object.values(mapping).map(($ref) => ({ $ref })),
      discriminator: { propertyName: 'type', mapping },
    },
  };
}

/** A class without validation rules of its own (`NoPayload`) has its parent's schema. */
function schemaOf(generated: Record<string, SchemaObject>, payloadClass: unknown): SchemaObject | undefined {
  for (let cls = payloadClass as { name?: string } | null; cls && cls.name; cls = Object.getPrototypeOf(cls) as { name?: string } | null) {
    if (generated[cls.name]) return generated[cls.name];
  }
  return undefined;
}
