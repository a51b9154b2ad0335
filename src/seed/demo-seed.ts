import { DataSource } from 'typeorm';
import { hashPassword } from '../auth/login.service';
import { Organisation, OrganisationKind } from '../orgs/organisation.entity';
import { Role } from '../users/user.entity';

interface DemoOrganisation {
  code: string;
  name: string;
  kind: OrganisationKind;
  /** Screening bureaus (by code) it works with, under this verwerkersovereenkomst reference. */
  bureaus?: { code: string; reference: string }[];
  users: { email: string; name: string; roles: Role[] }[];
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    code: 'voorbeeldstad',
    name: 'Gemeente Voorbeeldstad',
    kind: 'gemeente',
    bureaus: [{ code: 'integriteitsbureau-noord', reference: 'VWO-2026-014' }],
    users: [
      { email: 'burgemeester@voorbeeldstad.nl', name: 'Burgemeester van Voorbeeldstad', roles: ['opdrachtgever'] },
      { email: 'auditor@voorbeeldstad.nl', name: 'Auditor Voorbeeldstad', roles: ['auditor'] },
      { email: 'beheerder@voorbeeldstad.nl', name: 'Beheerder Voorbeeldstad', roles: ['beheerder'] },
      { email: 'griffier@voorbeeldstad.nl', name: 'Griffier van Voorbeeldstad', roles: ['griffier'] },
    ],
  },
  {
    code: 'anderdorp',
    name: 'Gemeente Anderdorp',
    kind: 'gemeente',
    bureaus: [{ code: 'integriteitsbureau-noord', reference: 'AD/VWO/2026-3' }],
    users: [{ email: 'burgemeester@anderdorp.nl', name: 'Burgemeester van Anderdorp', roles: ['opdrachtgever'] }],
  },
  {
    code: 'integriteitsbureau-noord',
    name: 'Integriteitsbureau Noord',
    kind: 'screeningsbureau',
    users: [{ email: 'screener@integriteitsbureau.nl', name: 'Screener Integriteitsbureau Noord', roles: ['screener'] }],
  },
];

/** Creates the demo organisations and accounts that are missing; leaves existing ones alone. */
export async function seedDemo(dataSource: DataSource, password: string): Promise<{ created: number }> {
  let created = 0;
  const passwordHash = await hashPassword(password);
  await dataSource.transaction(async (tx) => {
    for (const demo of DEMO_ORGANISATIONS) {
      await tx.query(`INSERT INTO organisations (code, name, kind) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING`, [demo.code, demo.name, demo.kind]);
      const organisation = await tx.getRepository(Organisation).findOneByOrFail({ code: demo.code });
      for (const user of demo.users) {
        const inserted: unknown[] = await tx.query(
          `INSERT INTO users (organisation_id, email, name, roles, password_hash) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (email) DO NOTHING RETURNING id`,
          [organisation.id, user.email, user.name, user.roles, passwordHash],
        );
        created += inserted.length;
      }
    }
    for (const demo of DEMO_ORGANISATIONS) {
      for (const bureau of demo.bureaus ?? []) {
        await tx.query(
          `INSERT INTO organisation_screening_bureaus (organisation_id, bureau_id, processing_agreement_reference, agreed_on)
           SELECT o.id, b.id, $3, DATE '2026-01-05' FROM organisations o, organisations b WHERE o.code = $1 AND b.code = $2
           ON CONFLICT DO NOTHING`,
          [demo.code, bureau.code, bureau.reference],
        );
      }
    }
  });
  return { created };
}

export const DEMO_USER_EMAILS = DEMO_ORGANISATIONS.flatMap((o) => o.users.map((u) => u.email));
