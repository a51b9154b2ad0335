import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AccessService } from '../access/access.service';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Principal } from '../access/principal';
import { AuditEntriesQuery } from './audit.dto';
import { AuditService } from './audit.service';
import { idParam } from '../common/id-param';

@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly access: AccessService,
  ) {}

  /**
   * Whether the caller's organisation's entries verify, counted in its own numbering; with an
   * exported head (`anchorSeq`, `anchorHash` from GET /audit/head) also detects entries recomputed
   * after an edit, or cut short. The global chain (length, head) is for `npm run audit:verify`.
   */
  @Get('audit/verify')
  @RequirePermission('audit.read')
  @ApiQuery({ name: 'anchorSeq', required: false })
  @ApiQuery({ name: 'anchorHash', required: false })
  verify(@CurrentPrincipal() principal: Principal, @Query('anchorSeq') anchorSeq?: string, @Query('anchorHash') anchorHash?: string) {
    const anchor = anchorSeq && /^\d{1,15}$/.test(anchorSeq) && anchorHash && /^[0-9a-f]{64}$/.test(anchorHash) ? { seq: Number(anchorSeq), hash: anchorHash } : undefined;
    return this.audit.verifyForOrganisation(principal.organisationId, anchor);
  }

  /** The organisation's head (its entry count and last hash), to keep outside the service. */
  @Get('audit/head')
  @RequirePermission('audit.read')
  head(@CurrentPrincipal() principal: Principal) {
    return this.audit.organisationHead(principal.organisationId);
  }

  /** Audit entries of the caller's organisation, filterable by case, actor, action and period; JSON or CSV. */
  @Get('audit/entries')
  @RequirePermission('audit.read')
  async entries(@CurrentPrincipal() principal: Principal, @Query() query: AuditEntriesQuery, @Res({ passthrough: true }) res: Response) {
    const entries = await this.audit.entries(principal, { object: query.case ? `case:${query.case}` : undefined, actor: query.actor, action: query.action, from: query.from, to: query.to });
    if (query.format !== 'csv') return entries;
    const columns = ['seq', 'at', 'actor', 'organisationId', 'action', 'object', 'result', 'traceId', 'prevHash', 'hash'] as const;
    const cell = (v: unknown) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="audit.csv"');
    return [columns.join(','), ...entries.map((e) => columns.map((c) => cell(e[c])).join(','))].join('\n') + '\n';
  }

  /** Logboek Dataverwerkingen of a case: for the organisation's auditor and the candidate. */
  @Get('cases/:id/processing-log')
  @RequirePermission('processing_log.read')
  async processingLog(@CurrentPrincipal() principal: Principal, @Param('id', idParam('Het dossier')) id: string) {
    await this.access.require(principal, 'processing_log.read', id, 'Het dossier');
    return this.audit.processingLog(principal, id);
  }
}
