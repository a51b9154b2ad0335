import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { CurrentPrincipal, CurrentUser, RequirePermission } from '../access/decorators';
import { Principal, UserPrincipal } from '../access/principal';
import { notFound } from '../common/app-error';
import { OrganisationSettingsView, ScreeningBureauOption, UpdateOrganisationSettingsDto, UploadLogoDto } from './settings.dto';
import { OrganisationSettingsService } from './settings.service';
import { Organisation, ORGANISATION_KINDS, OrganisationKind } from './organisation.entity';
import { idParam } from '../common/id-param';
import { OrganisationQuestionDto, OrganisationQuestionsView, OrganisationQuestionView } from './organisation-questions.dto';
import { OrganisationQuestionsService } from './organisation-questions.service';

export class OrganisationView {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;

  static of(o: Organisation): OrganisationView {
    return { id: o.id, code: o.code, name: o.name, kind: o.kind };
  }
}

@ApiTags('organisations')
@ApiBearerAuth()
@Controller()
export class OrganisationsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly settings: OrganisationSettingsService,
    private readonly questions: OrganisationQuestionsService,
  ) {}

  @Get('organisations/:id')
  @RequirePermission('organisation.read')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', idParam('De organisatie')) id: string): Promise<OrganisationView> {
    await this.access.require(principal, 'organisation.read', id, 'De organisatie');
    const organisation = await this.dataSource.getRepository(Organisation).findOneByOrFail({ id });
    return OrganisationView.of(organisation);
  }

  @Get('organisations/:id/settings')
  @RequirePermission('organisation.settings')
  @ApiOkResponse({ type: OrganisationSettingsView })
  async getSettings(@CurrentUser() principal: UserPrincipal, @Param('id', idParam('De organisatie')) id: string): Promise<OrganisationSettingsView> {
    await this.access.require(principal, 'organisation.settings', id, 'De organisatie');
    return this.settings.get(id);
  }

  @Put('organisations/:id/settings')
  @RequirePermission('organisation.settings')
  @ApiOkResponse({ type: OrganisationSettingsView })
  async putSettings(@CurrentUser() principal: UserPrincipal, @Param('id', idParam('De organisatie')) id: string, @Body() body: UpdateOrganisationSettingsDto): Promise<OrganisationSettingsView> {
    await this.access.require(principal, 'organisation.settings', id, 'De organisatie');
    return this.settings.update(principal, id, body);
  }

  @Put('organisations/:id/logo')
  @RequirePermission('organisation.settings')
  @HttpCode(204)
  async putLogo(@CurrentUser() principal: UserPrincipal, @Param('id', idParam('De organisatie')) id: string, @Body() body: UploadLogoDto): Promise<void> {
    await this.access.require(principal, 'organisation.settings', id, 'De organisatie');
    await this.settings.setLogo(principal, id, body.mediaType, body.data);
  }

  @Delete('organisations/:id/logo')
  @RequirePermission('organisation.settings')
  @HttpCode(204)
  async deleteLogo(@CurrentUser() principal: UserPrincipal, @Param('id', idParam('De organisatie')) id: string): Promise<void> {
    await this.access.require(principal, 'organisation.settings', id, 'De organisatie');
    await this.settings.removeLogo(principal, id);
  }

  @Get('organisations/:id/logo')
  @RequirePermission('organisation.read')
  @ApiProduces('image/png', 'image/jpeg')
  async getLogo(@CurrentPrincipal() principal: Principal, @Param('id', idParam('De organisatie')) id: string, @Res() res: Response): Promise<void> {
    await this.access.require(principal, 'organisation.read', id, 'De organisatie');
    const logo = await this.settings.logo(id);
    if (!logo) throw notFound('Het logo');
    res.status(200).type(logo.mediaType).setHeader('Content-Security-Policy', "default-src 'none'");
    res.end(Buffer.from(logo.bytes));
  }

  @Get('organisations/:id/questions')
  @RequirePermission('organisation.settings')
  @ApiOkResponse({ type: OrganisationQuestionsView })
  async getQuestions(@CurrentUser() principal: UserPrincipal, @Param('id', idParam('De organisatie')) id: string): Promise<OrganisationQuestionsView> {
    await this.access.require(principal, 'organisation.settings', id, 'De organisatie');
    return this.questions.list(id);
  }

  @Post('organisations/:id/questions')
  @RequirePermission('organisation.settings')
  @ApiCreatedResponse({ type: OrganisationQuestionView })
  async postQuestion(@CurrentUser() principal: UserPrincipal, @Param('id', idParam('De organisatie')) id: string, @Body() body: OrganisationQuestionDto): Promise<OrganisationQuestionView> {
    await this.access.require(principal, 'organisation.settings', id, 'De organisatie');
    return this.questions.create(principal, id, body);
  }

  @Put('organisations/:id/questions/:questionId')
  @RequirePermission('organisation.settings')
  @ApiOkResponse({ type: OrganisationQuestionView })
  async putQuestion(
    @CurrentUser() principal: UserPrincipal,
    @Param('id', idParam('De organisatie')) id: string,
    @Param('questionId', idParam('De vraag')) questionId: string,
    @Body() body: OrganisationQuestionDto,
  ): Promise<OrganisationQuestionView> {
    await this.access.require(principal, 'organisation.settings', id, 'De organisatie');
    return this.questions.update(principal, id, questionId, body);
  }

  @Delete('organisations/:id/questions/:questionId')
  @RequirePermission('organisation.settings')
  @HttpCode(204)
  async deleteQuestion(@CurrentUser() principal: UserPrincipal, @Param('id', idParam('De organisatie')) id: string, @Param('questionId', idParam('De vraag')) questionId: string): Promise<void> {
    await this.access.require(principal, 'organisation.settings', id, 'De organisatie');
    await this.questions.remove(principal, id, questionId);
  }

  @Get('screening-bureaus')
  @RequirePermission('organisation.settings')
  @ApiOkResponse({ type: ScreeningBureauOption, isArray: true })
  screeningBureaus(): Promise<ScreeningBureauOption[]> {
    return this.settings.screeningBureaus();
  }
}
