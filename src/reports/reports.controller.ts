import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, CurrentUser, RequirePermission } from '../access/decorators';
import { Principal, UserPrincipal } from '../access/principal';
import { AppError } from '../common/app-error';
import { idParam } from '../common/id-param';
import { GeneratedReport, ReportsService, ReportSummary, ReportVerification } from './reports.service';

const caseId = idParam('Het dossier');
const reportId = idParam('Het rapport');

@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post('cases/:id/report')
  @RequirePermission('report.create')
  @ApiCreatedResponse({ description: 'The signed report was generated and stored: {reportId, version, sha256}' })
  generate(@CurrentUser() principal: UserPrincipal, @Param('id', caseId) id: string): Promise<GeneratedReport> {
    return this.reports.generate(principal, id);
  }

  @Get('cases/:id/reports')
  @RequirePermission('case.read')
  list(@CurrentPrincipal() principal: Principal, @Param('id', caseId) id: string): Promise<ReportSummary[]> {
    return this.reports.list(principal, id);
  }

  @Get('reports/:reportId/pdf')
  @RequirePermission('report.read')
  @ApiProduces('application/pdf')
  @Header('Cache-Control', 'no-store')
  async pdf(@CurrentPrincipal() principal: Principal, @Param('reportId', reportId) id: string, @Res() res: Response): Promise<void> {
    const { bytes, filename } = await this.reports.pdf(principal, id);
    res.status(HttpStatus.OK).type('application/pdf').setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.end(bytes);
  }

  @Post('reports/verify')
  @RequirePermission('report.verify')
  @HttpCode(200)
  @ApiConsumes('application/pdf')
  @ApiBody({ description: 'The report PDF, as the raw request body', schema: { type: 'string', format: 'binary' } })
  verify(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<ReportVerification> {
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new AppError(HttpStatus.BAD_REQUEST, 'PDF_REQUIRED', 'Stuur het PDF-bestand van het rapport als body, met Content-Type application/pdf.');
    }
    return this.reports.verify(principal, body);
  }

  @Get('reports/verify/:code')
  @RequirePermission('report.verify')
  byCode(@CurrentPrincipal() principal: Principal, @Param('code') code: string): Promise<ReportSummary> {
    return this.reports.byCode(principal, code);
  }
}
