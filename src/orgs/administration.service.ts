import { HttpStatus, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { IsEmail, IsIn, IsString, Matches, MaxLength, MinLength, validateSync } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashPassword } from '../auth/login.service';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { flattenValidationErrors } from '../common/validation';
import { normaliseEmail } from '../users/email';

export const ORGANISATION_KINDS = ['gemeente', 'provincie', 'waterschap', 'openbaar_lichaam', 'screeningsbureau'] as const;

export class NewOrganisation {
  /** Short code, as OIDC tokens name the organisation (e.g. `voorbeeldstad`). */
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'code: alleen kleine letters, cijfers en streepjes, 2 tot 63 tekens' }) code: string;
  @IsString({ message: 'naam: verplicht' }) @MinLength(1, { message: 'naam: verplicht' }) @MaxLength(200, { message: 'naam: hoogstens 200 tekens' }) name: string;
  @IsIn(ORGANISATION_KINDS, { message: `kind: een van ${ORGANISATION_KINDS.join(', ')}` }) kind: (typeof ORGANISATION_KINDS)[number];
}

export class NewBeheerder {
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'organisatie: de code van een bestaande organisatie' }) organisationCode: string;
  @IsEmail({}, { message: 'email: een geldig e-mailadres' }) email: string;
  @IsString({ message: 'naam: verplicht' }) @MinLength(1, { message: 'naam: verplicht' }) @MaxLength(200, { message: 'naam: hoogstens 200 tekens' }) name: string;
  @IsString({ message: 'wachtwoord: verplicht' }) @MinLength(12, { message: 'wachtwoord: minstens 12 tekens' }) @MaxLength(200, { message: 'wachtwoord: hoogstens 200 tekens' }) password: string;
}

function valid<T extends object>(type: new () => T, input: unknown): T {
  const value = plainToInstance(type, input);
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    // The messages of these checks are written for the operator (field and rule in Dutch).
    const messages = errors.flatMap((e) => (e.constraints?.whitelistValidation ? [`${e.property}: onbekende optie`] : Object.values(e.constraints ?? {})));
    throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'VALIDATION_FAILED', `De invoer is ongeldig: ${messages.join('; ')}.`, flattenValidationErrors(errors));
  }
  return value;
}

/**
 * What an operator does on a database that has no organisation yet: create organisations and their
 * first beheerder, who then manages the rest in the application. Every step is audited with the
 * operator's actor (`system:admin`).
 */
@Injectable()
export class AdministrationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async createOrganisation(input: unknown, actor: string): Promise<{ id: string; code: string; name: string; kind: string }> {
    const dto = valid(NewOrganisation, input);
    return this.dataSource.transaction(async (tx) => {
      const [taken] = await tx.query('SELECT 1 FROM organisations WHERE code = $1', [dto.code]);
      if (taken) throw new AppError(HttpStatus.CONFLICT, 'ORGANISATION_EXISTS', `Er bestaat al een organisatie met de code ${dto.code}.`);
      const [row] = await tx.query('INSERT INTO organisations (code, name, kind) VALUES ($1, $2, $3) RETURNING id', [dto.code, dto.name, dto.kind]);
      await this.audit.append(tx, { actor, organisationId: row.id, action: 'organisation.create', object: `organisation:${row.id}`, result: 'ok' });
      return { id: row.id as string, code: dto.code, name: dto.name, kind: dto.kind };
    });
  }

  /** The organisation's first beheerder; later ones are made by a beheerder in the application. */
  async createBeheerder(input: unknown, actor: string): Promise<{ id: string; email: string }> {
    const dto = valid(NewBeheerder, input);
    const email = normaliseEmail(dto.email);
    const passwordHash = await hashPassword(dto.password);
    return this.dataSource.transaction(async (tx) => {
      const [organisation] = await tx.query('SELECT id FROM organisations WHERE code = $1', [dto.organisationCode]);
      if (!organisation) throw new AppError(HttpStatus.NOT_FOUND, 'ORGANISATION_UNKNOWN', `Er is geen organisatie met de code ${dto.organisationCode}.`);
      const [taken] = await tx.query('SELECT 1 FROM users WHERE email = $1', [email]);
      if (taken) throw new AppError(HttpStatus.CONFLICT, 'EMAIL_TAKEN', 'Er bestaat al een account met dit e-mailadres.');
      const [row] = await tx.query(`INSERT INTO users (organisation_id, email, name, roles, password_hash) VALUES ($1, $2, $3, ARRAY['beheerder'], $4) RETURNING id`, [
        organisation.id,
        email,
        dto.name,
        passwordHash,
      ]);
      await this.audit.append(tx, { actor, organisationId: organisation.id, action: 'user.create', object: `user:${row.id}`, result: 'ok' });
      return { id: row.id as string, email };
    });
  }
}

/** A password for a first account when the operator gives none: shown once, to be changed after signing in. */
export const generatedPassword = (): string => randomBytes(18).toString('base64url');
