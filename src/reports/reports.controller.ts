import { Controller, Get, HttpCode, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, CurrentUser, RequirePermission } from '../access/decorators';
import { Principal, UserPrincipal } from '../access/principal';
import { AppError } from '../common/app-error';
import { idParam } from '../common/id-param';
import { GeneratedReport, ReportsService, ReportSummary, ReportVerification } from './reports.service';

const caseId = idParam('Het dossier');
/** Our reports are about 100 kB; anything far larger is not one of them. */
export const PDF_BODY_LIMIT_BYTES = 5 * 1024 * 1024;
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
  async pdf(@CurrentPrincipal() principal: Principal, @Param('reportId', reportId) id: string, @Res() res: Response): Promise<void> {
    const { bytes, filename } = await this.reports.pdf(principal, id);
    res.status(HttpStatus.OK).type('application/pdf').setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.end(bytes);
  }

  @Get('cases/:id/report/copy')
  @RequirePermission('report.copy')
  @ApiProduces('application/pdf')
  async candidateCopy(@CurrentPrincipal() principal: Principal, @Param('id', caseId) id: string, @Res() res: Response): Promise<void> {
    const { bytes, filename } = await this.reports.candidateCopy(principal, id);
    res.status(HttpStatus.OK).type('application/pdf').setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.end(bytes);
  }

  /** The body is read here, after sign-in and rate limiting, not by a parser in front of them. */
  @Post('reports/verify')
  @RequirePermission('report.verify')
  @HttpCode(200)
  @ApiConsumes('application/pdf')
  @ApiBody({ description: 'The report PDF, as the raw request body', schema: { type: 'string', format: 'binary' } })
  async verify(@CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<ReportVerification> {
    return this.reports.verify(principal, await readPdfBody(req));
  }

  @Get('reports/certificate')
  @RequirePermission('report.verify')
  @ApiProduces('application/x-pem-file')
  certificate(@Res() res: Response): void {
    res.status(HttpStatus.OK).type('application/x-pem-file').setHeader('Content-Disposition', 'attachment; filename="rapportondertekening.pem"');
    res.end(this.reports.signingCertificatePem());
  }

  @Get('reports/verify/:code')
  @RequirePermission('report.verify')
  byCode(@CurrentPrincipal() principal: Principal, @Param('code') code: string): Promise<ReportSummary> {
    return this.reports.byCode(principal, code);
  }
}

const PDF_REQUIRED = 'Stuur het PDF-bestand van het rapport als body, met Content-Type application/pdf.';

async function readPdfBody(req: Request): Promise<Buffer> {
  if (!req.is('application/pdf')) throw new AppError(HttpStatus.BAD_REQUEST, 'PDF_REQUIRED', PDF_REQUIRED);
  const declared = Number(req.headers['content-length'] ?? 0);
  const tooLarge = () => new AppError(HttpStatus.PAYLOAD_TOO_LARGE, 'PAYLOAD_TOO_LARGE', `Het bestand is te groot; een rapport is hoogstens ${PDF_BODY_LIMIT_BYTES / 1024 / 1024} MB.`);
  if (declared > PDF_BODY_LIMIT_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > PDF_BODY_LIMIT_BYTES) {
      req.unpipe();
      req.resume();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  if (size === 0) throw new AppError(HttpStatus.BAD_REQUEST, 'PDF_REQUIRED', PDF_REQUIRED);
  return Buffer.concat(chunks);
}
