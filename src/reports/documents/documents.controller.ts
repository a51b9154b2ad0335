import { Body, Controller, Get, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import type { Response } from 'express';
import { CurrentUser, Public, RequirePermission } from '../../access/decorators';
import { UserPrincipal } from '../../access/principal';
import { idParam } from '../../common/id-param';
import { DOCUMENT_KINDS, DocumentsService, DocumentView, RECIPIENT_ROLES, RecipientRole } from './documents.service';
import type { DocumentKind } from './render-document';

const caseId = idParam('Het dossier');
const documentId = idParam('Het document');
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateDocumentDto {
  @ApiProperty({ enum: DOCUMENT_KINDS, description: 'samenvatting (voor formateur en fractievoorzitter) of mededeling (aan de raad)' })
  @IsIn(DOCUMENT_KINDS)
  kind: DocumentKind;
}

export class SendDocumentDto {
  @ApiProperty({ enum: RECIPIENT_ROLES, description: 'Aan wie: de formateur, de voorzitter van de voordragende fractie of de raad (de griffie)' })
  @IsIn(RECIPIENT_ROLES)
  role: RecipientRole;

  @ApiProperty({ description: 'Naam van de ontvanger, voor de aanhef' }) @Transform(trim) @IsString() @MinLength(2) @MaxLength(200)
  name: string;

  @ApiProperty({ description: 'E-mailadres van de ontvanger' }) @Transform(trim) @IsEmail() @MaxLength(254)
  email: string;
}

const sendPdf = (res: Response, bytes: Buffer, filename: string) => {
  res.status(HttpStatus.OK).type('application/pdf').setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.end(bytes);
};

@ApiTags('reports')
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post('cases/:id/documents')
  @ApiBearerAuth()
  @RequirePermission('document.manage')
  @ApiCreatedResponse({ description: 'Het ondertekende document is gemaakt: {documentId, kind, version, sha256}' })
  create(@CurrentUser() principal: UserPrincipal, @Param('id', caseId) id: string, @Body() body: CreateDocumentDto) {
    return this.documents.generate(principal, id, body.kind);
  }

  @Get('cases/:id/documents')
  @ApiBearerAuth()
  @RequirePermission('document.manage')
  list(@CurrentUser() principal: UserPrincipal, @Param('id', caseId) id: string): Promise<DocumentView[]> {
    return this.documents.list(principal, id);
  }

  @Get('cases/:id/documents/:documentId/pdf')
  @ApiBearerAuth()
  @RequirePermission('document.manage')
  @ApiProduces('application/pdf')
  async pdf(@CurrentUser() principal: UserPrincipal, @Param('id', caseId) id: string, @Param('documentId', documentId) document: string, @Res() res: Response): Promise<void> {
    const { bytes, filename } = await this.documents.pdf(principal, id, document);
    sendPdf(res, bytes, filename);
  }

  @Post('cases/:id/documents/:documentId/deliveries')
  @ApiBearerAuth()
  @RequirePermission('document.manage')
  send(@CurrentUser() principal: UserPrincipal, @Param('id', caseId) id: string, @Param('documentId', documentId) document: string, @Body() body: SendDocumentDto) {
    return this.documents.send(principal, id, document, body);
  }

  /** The recipient's personal link from the mail: no account, the link itself is the key, until it expires. */
  @Get('document-links/:token')
  @Public()
  @ApiProduces('application/pdf')
  async byLink(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const { bytes, filename } = await this.documents.byLink(token);
    sendPdf(res, bytes, filename);
  }
}
