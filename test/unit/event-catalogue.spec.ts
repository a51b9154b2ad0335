import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withCatalogue } from '../../scripts/event-catalogue-document';
import { withRouteTable } from '../../scripts/route-table-document';
import { EVENT_CATALOGUE } from '../../src/cases/event-catalogue';
import { PAYLOADS } from '../../src/cases/event-payloads';
import { eventSchemaName, eventSchemas } from '../../src/common/openapi-events';

/** Every event the service accepts is documented, from the same classes it validates with. */
describe('the event catalogue', () => {
  const types = Object.keys(PAYLOADS);

  it('has an entry for every event type in PAYLOADS, and none for a type that does not exist', () => {
    // A new event type needs its Dutch description, example and refusals in src/cases/event-catalogue.ts.
    expect(types.filter((type) => !EVENT_CATALOGUE[type])).toEqual([]);
    expect(Object.keys(EVENT_CATALOGUE).filter((type) => !types.includes(type))).toEqual([]);
  });

  it('gives each event a schema generated from its payload class, with every field described and an example of its own type', () => {
    const { schemas, body } = eventSchemas();
    expect(Object.keys(schemas).sort()).toEqual(types.map(eventSchemaName).sort());
    expect(body.discriminator).toEqual({ propertyName: 'type', mapping: Object.fromEntries(types.map((t) => [t, `#/components/schemas/${eventSchemaName(t)}`])) });
    for (const type of types) {
      const schema = schemas[eventSchemaName(type)];
      const doc = EVENT_CATALOGUE[type];
      expect([type, schema.properties?.type]).toEqual([type, expect.objectContaining({ enum: [type] })]);
      expect([type, schema.required?.slice(0, 2)]).toEqual([type, ['type', 'expectedVersion']]);
      expect([type, schema.additionalProperties]).toEqual([type, false]);
      const fields = Object.keys(schema.properties ?? {}).filter((f) => f !== 'type' && f !== 'expectedVersion');
      // Every payload field has a Dutch description, and the catalogue describes no field the class lacks.
      expect([type, fields.filter((f) => !doc.fields?.[f])]).toEqual([type, []]);
      expect([type, Object.keys(doc.fields ?? {}).filter((f) => !fields.includes(f))]).toEqual([type, []]);
      expect([type, doc.example.type]).toEqual([type, type]);
    }
  });
});

describe('the event catalogue in docs/api.md', () => {
  it('is what `npm run docs:api` makes of the current events', () => {
    const file = path.join(__dirname, '..', '..', 'docs', 'api.md');
    const committed = fs.readFileSync(file, 'utf8');
    expect(withCatalogue(committed)).toBe(committed);
  });
});

describe('the route table in docs/api.md', () => {
  it('is what `npm run docs:api` makes of the documented operations', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'api.md'), 'utf8');
    expect(withRouteTable(committed)).toBe(committed);
  });
});
