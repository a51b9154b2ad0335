import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../access/decorators';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Walks the whole chain; with an exported head (`anchorSeq`, `anchorHash`) also detects a chain recomputed after an edit. */
  @Get('verify')
  @RequirePermission('audit.read')
  @ApiQuery({ name: 'anchorSeq', required: false })
  @ApiQuery({ name: 'anchorHash', required: false })
  verify(@Query('anchorSeq') anchorSeq?: string, @Query('anchorHash') anchorHash?: string) {
    const anchor = anchorSeq && /^\d{1,15}$/.test(anchorSeq) && anchorHash && /^[0-9a-f]{64}$/.test(anchorHash) ? { seq: Number(anchorSeq), hash: anchorHash } : undefined;
    return this.audit.verify(anchor);
  }

  /** The current head, to keep outside the service (and in every signed report). */
  @Get('head')
  @RequirePermission('audit.read')
  head() {
    return this.audit.head();
  }
}
