import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AnyMachineSnapshot } from 'xstate';
import { basisscanVersion } from '../../workflows';
import { CaseContext } from '../../workflows/basisscan-2.machine';
import { MIGRATIONS, migrateSnapshot } from '../../workflows/migrations';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { caseReference } from './case-reference';
import { digest } from './cases.service';

/** Why one case was not migrated, in words for the beheerder. */
class MigrationProblem extends Error {}

export interface MigrationRequest {
  from: string;
  to: string;
  /** Without it nothing is written: the answer lists what would change. */
  apply: boolean;
  /** Only this organisation's cases; all organisations when absent (the operator's command line). */
  organisationId?: string;
  /** Who migrates, as the audit trail writes it. */
  actor: string;
}

export interface CaseMigration {
  caseId: string;
  reference: string;
  fromState: string;
  toState: string;
  fromPhase: string;
  toPhase: string;
  status: 'zou_worden_gemigreerd' | 'gemigreerd' | 'mislukt';
  problem?: string;
}

export interface MigrationReport {
  from: string;
  to: string;
  applied: boolean;
  mapping: Record<string, string>;
  consequences: string[];
  cases: CaseMigration[];
}

/**
 * Moves running cases between machine versions with the explicit map in workflows/migrations.ts:
 * first as a dry run, then for real. Each case is its own transaction (snapshot, one case event,
 * one audit entry): all or nothing per case, so a failure leaves that case on its old version.
 */
@Injectable()
export class MigrationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async migrate(request: MigrationRequest): Promise<MigrationReport> {
    const migration = MIGRATIONS.find((m) => m.from === request.from && m.to === request.to);
    if (!migration) {
      throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'MIGRATION_UNKNOWN', `Er is geen migratie van versie ${request.from} naar ${request.to}. Mogelijk: ${MIGRATIONS.map((m) => `${m.from} → ${m.to}`).join(', ')}.`);
    }
    const target = basisscanVersion(migration.to);
    const source = basisscanVersion(migration.from);
    const ids: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM cases WHERE machine_id = 'basisscan' AND machine_version = $1 AND ($2::uuid IS NULL OR organisation_id = $2) ORDER BY created_at`,
      [migration.from, request.organisationId ?? null],
    );
    const cases: CaseMigration[] = [];
    for (const { id } of ids) {
      try {
        cases.push(
          await this.dataSource.transaction(async (tx) => {
            const [row] = await tx.query(
              `SELECT id, organisation_id, snapshot, version, state, created_at FROM cases WHERE id = $1 AND machine_version = $2 FOR UPDATE`,
              [id, migration.from],
            );
            if (!row) throw new MigrationProblem('het dossier is intussen al gemigreerd');
            const migrated = (() => {
              try {
                return migrateSnapshot(migration, row.snapshot);
              } catch (error) {
                throw new MigrationProblem((error as Error).message);
              }
            })();
            // The new snapshot must resolve in the target machine, or the case stays where it is.
            let resolved: AnyMachineSnapshot;
            try {
              resolved = target.machine.resolveState({ value: migrated.value as never, context: migrated.context }) as AnyMachineSnapshot;
            } catch {
              throw new MigrationProblem(`de toestand ${migrated.toState} bestaat niet in versie ${migration.to}`);
            }
            const fromPhase = source.phaseOf(source.machine.resolveState({ value: row.snapshot.value, context: row.snapshot.context }) as AnyMachineSnapshot);
            const toPhase = target.phaseOf(resolved);
            const result: CaseMigration = {
              caseId: id,
              reference: caseReference(id, (row.created_at as Date).toISOString()),
              fromState: migrated.fromState,
              toState: migrated.toState,
              fromPhase,
              toPhase,
              status: request.apply ? 'gemigreerd' : 'zou_worden_gemigreerd',
            };
            if (!request.apply) return result;
            const at = new Date().toISOString();
            const payload = { from: migration.from, to: migration.to, fromState: migrated.fromState, toState: migrated.toState };
            const snapshot = { value: resolved.value, context: resolved.context as CaseContext, status: resolved.status };
            const written = await tx.query(
              `WITH u AS (
                 UPDATE cases SET machine_version = $2, snapshot = $3, state = $4, version = version + 1, updated_at = now() WHERE id = $1 AND version = $5 RETURNING version)
               INSERT INTO case_events (case_id, seq, type, actor, at, payload, payload_digest, state_after, machine_version)
               SELECT $1, u.version, 'MIGRATE_MACHINE', $6, $7, $8, $9, $4, $2 FROM u RETURNING seq`,
              [id, migration.to, snapshot, toPhase, row.version, request.actor, at, payload, digest({ type: 'MIGRATE_MACHINE', at, ...payload })],
            );
            if (written.length === 0) throw new MigrationProblem('het dossier is intussen gewijzigd');
            await this.audit.append(tx, { actor: request.actor, organisationId: row.organisation_id, action: 'case.migrate', object: `case:${id}`, result: 'ok' });
            return result;
          }),
        );
      } catch (error) {
        const [row] = await this.dataSource.query(`SELECT created_at, state FROM cases WHERE id = $1`, [id]);
        cases.push({
          caseId: id,
          reference: row ? caseReference(id, (row.created_at as Date).toISOString()) : id,
          fromState: row?.state ?? '',
          toState: '',
          fromPhase: row?.state ?? '',
          toPhase: '',
          status: 'mislukt',
          // Our own reasons are Dutch; a database error is not shown (it could name internals).
          problem: `Niet gemigreerd, het dossier blijft op versie ${migration.from}: ${error instanceof MigrationProblem ? error.message : 'de database weigerde de wijziging'}.`,
        });
      }
    }
    return { from: migration.from, to: migration.to, applied: request.apply, mapping: migration.scanStates, consequences: migration.consequences, cases };
  }
}
