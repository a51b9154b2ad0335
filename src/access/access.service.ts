import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { actorOf, AuditService } from '../audit/audit.service';
import { notFound } from '../common/app-error';
import { UUID_PATTERN } from '../common/id-param';
import { Permission } from './permissions';
import { Principal } from './principal';

type Resolver = (principal: Principal, ids: string[]) => Promise<Set<string>>;

/**
 * Answers, in one place, "which of these ids may this caller touch with this permission".
 * Every service method that takes an id asks here first. What is not granted is treated as
 * absent: the caller gets the same 404 as for an id that does not exist.
 */
@Injectable()
export class AccessService {
  private readonly resolvers: Partial<Record<Permission, Resolver>>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {
    const sameOrganisationUsers: Resolver = async (principal, ids) => {
      if (principal.kind !== 'user') return new Set();
      const rows: { id: string }[] = await this.dataSource.query(
        'SELECT id FROM users WHERE id = ANY($1::uuid[]) AND organisation_id = $2',
        [ids, principal.organisationId],
      );
      return new Set(rows.map((r) => r.id));
    };
    // A case is the opdrachtgever's and the auditor's of its organisation, and its assigned screener's.
    const cases = (organisationRoles: readonly string[]): Resolver => async (principal, ids) => {
      if (principal.kind === 'candidate') return new Set(ids.filter((id) => id === principal.caseId));
      const rows: { id: string }[] = await this.dataSource.query(
        `SELECT id FROM cases WHERE id = ANY($1::uuid[]) AND ((organisation_id = $2 AND $3) OR screener_id = $4)`,
        [ids, principal.organisationId, principal.roles.some((r) => organisationRoles.includes(r)), principal.userId],
      );
      return new Set(rows.map((r) => r.id));
    };
    // The organisation's cases, for a user whose role grants the permission (the permission decides which role).
    const organisationCases: Resolver = async (principal, ids) => {
      if (principal.kind !== 'user') return new Set();
      const rows: { id: string }[] = await this.dataSource.query('SELECT id FROM cases WHERE id = ANY($1::uuid[]) AND organisation_id = $2', [ids, principal.organisationId]);
      return new Set(rows.map((r) => r.id));
    };
    const ownCaseOfCandidate: Resolver = async (principal, ids) => new Set(principal.kind === 'candidate' ? ids.filter((id) => id === principal.caseId) : []);
    const assignedScreener: Resolver = async (principal, ids) => {
      if (principal.kind !== 'user') return new Set();
      const rows: { id: string }[] = await this.dataSource.query('SELECT id FROM cases WHERE id = ANY($1::uuid[]) AND screener_id = $2', [ids, principal.userId]);
      return new Set(rows.map((r) => r.id));
    };
    // A report follows its case: the organisation's holders of the given roles, and the assigned screener.
    const reports = (organisationRoles: readonly string[]): Resolver => async (principal, ids) => {
      if (principal.kind !== 'user') return new Set();
      const rows: { id: string }[] = await this.dataSource.query(
        `SELECT r.id FROM reports r JOIN cases c ON c.id = r.case_id
          WHERE r.id = ANY($1::uuid[]) AND ((c.organisation_id = $2 AND $3) OR c.screener_id = $4)`,
        [ids, principal.organisationId, principal.roles.some((r) => organisationRoles.includes(r)), principal.userId],
      );
      return new Set(rows.map((r) => r.id));
    };
    // A formation is its organisation's, for the roles that hold the permission (the opdrachtgever).
    const organisationFormations: Resolver = async (principal, ids) => {
      if (principal.kind !== 'user') return new Set();
      const rows: { id: string }[] = await this.dataSource.query('SELECT id FROM formations WHERE id = ANY($1::uuid[]) AND organisation_id = $2', [ids, principal.organisationId]);
      return new Set(rows.map((r) => r.id));
    };
    this.resolvers = {
      'case.read': cases(['opdrachtgever', 'auditor']),
      'case.event': cases(['opdrachtgever']),
      // The disclosure is for the candidate and the assigned screener, not the organisation at large.
      'questionnaire.read': cases([]),
      'questionnaire.write': ownCaseOfCandidate,
      // The screener's file is the assigned screener's alone.
      'assessment.read': assignedScreener,
      'assessment.write': assignedScreener,
      'wederhoor.read': cases([]),
      'wederhoor.write': ownCaseOfCandidate,
      // The auditor of the organisation, and the candidate for their own inspection (AVG art. 15);
      // not the assigned screener, whatever roles it may one day be given.
      'processing_log.read': async (principal, ids) => (principal.kind === 'candidate' ? ownCaseOfCandidate(principal, ids) : organisationCases(principal, ids)),
      'case.export': ownCaseOfCandidate,
      // The candidate's own copy of the final report (AVG art. 15).
      'report.copy': ownCaseOfCandidate,
      'report.create': cases(['opdrachtgever']),
      'report.read': reports(['opdrachtgever']),
      'report.verify': reports(['opdrachtgever', 'auditor']),
      'case.legal_hold': organisationCases,
      // The summary for the formateur and the mededeling aan de raad: the opdrachtgever's, for every case of its organisation.
      'document.manage': organisationCases,
      // The voluntary safety intake: the candidate's own, and the opdrachtgever of the organisation; never the assigned screener.
      'safety_intake.read': async (principal, ids) => (principal.kind === 'candidate' ? ownCaseOfCandidate(principal, ids) : principal.roles.includes('opdrachtgever') ? organisationCases(principal, ids) : new Set()),
      'safety_intake.write': ownCaseOfCandidate,
      'organisation.read': async (principal, ids) => new Set(ids.filter((id) => id === principal.organisationId)),
      'organisation.settings': async (principal, ids) => new Set(ids.filter((id) => id === principal.organisationId)),
      'user.read': sameOrganisationUsers,
      'user.update': sameOrganisationUsers,
      'formation.read': organisationFormations,
      'formation.update': organisationFormations,
      // The checklist of the organisation's cases, per case or per formation (the ids are UUIDs of either).
      'benoembaarheid.read': async (principal, ids) => new Set([...(await organisationCases(principal, ids)), ...(await organisationFormations(principal, ids))]),
      'benoembaarheid.write': organisationCases,
      // The backward plan of a case (it shows the VOG step): the organisation's, for the opdrachtgever.
      'plan.read': organisationCases,
    };
  }

  async allowed(principal: Principal, permission: Permission, ids: string[]): Promise<Set<string>> {
    const resolver = this.resolvers[permission];
    const wellFormed = ids.filter((id) => UUID_PATTERN.test(id));
    if (!resolver || wellFormed.length === 0) return new Set();
    return resolver(principal, wellFormed);
  }

  /** Throws the not-found error unless the caller may use `id` for `permission`. */
  async require(principal: Principal, permission: Permission, id: string, what?: string): Promise<void> {
    const granted = await this.allowed(principal, permission, [id]);
    if (!granted.has(id)) {
      const object = UUID_PATTERN.test(id) ? `${permission.split('.')[0]}:${id}` : `${permission.split('.')[0]}:(ongeldig id)`;
      await this.audit.append(null, { actor: actorOf(principal), organisationId: principal.organisationId, action: `access.denied.${permission}`, object, result: 'denied' });
      throw notFound(what);
    }
  }
}
