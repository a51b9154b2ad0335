import type { Role } from '../users/user.entity';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ORGANISATION_KINDS = ['gemeente', 'provincie', 'waterschap', 'openbaar_lichaam', 'screeningsbureau'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Kinds whose head commissions a basisscan (the opdrachtgever); a screeningsbureau only carries it out. */
export const PUBLIC_BODY_KINDS: readonly OrganisationKind[] = ['gemeente', 'provincie', 'waterschap', 'openbaar_lichaam'];

/** Roles only a public body has: its head commissions scans, its auditors check them, its griffier checks benoembaarheid. */
export const PUBLIC_BODY_ONLY_ROLES: readonly Role[] = ['opdrachtgever', 'auditor', 'griffier'];

export const roleFitsOrganisation = (role: Role, kind: OrganisationKind): boolean =>
  PUBLIC_BODY_KINDS.includes(kind) || !PUBLIC_BODY_ONLY_ROLES.includes(role);

@Entity({ name: 'organisations' })
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stable slug, also the value of the OIDC organisation claim. */
  @Column({ type: 'text', unique: true })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: OrganisationKind;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
