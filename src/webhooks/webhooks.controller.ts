import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, MaxLength } from 'class-validator';
import { CurrentUser, RequirePermission } from '../access/decorators';
import { UserPrincipal } from '../access/principal';
import { idParam } from '../common/id-param';
import { WebhooksService } from './webhooks.service';

const webhookId = idParam('De webhook');

export class CreateWebhookDto {
  @ApiProperty({ description: 'https URL of the receiver' }) @IsString() @MaxLength(2000) url: string;
  @ApiProperty({ type: [String], description: 'Event types from the catalogue, or * for all' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(60, { each: true })
  eventTypes: string[];
}

export class WebhookView {
  @ApiProperty() id: string;
  @ApiProperty() url: string;
  @ApiProperty({ type: [String] }) eventTypes: string[];
  @ApiProperty() active: boolean;
}

export class CreatedWebhookView extends WebhookView {
  @ApiProperty({ description: 'The signing secret (whsec_…), shown only now' }) secret: string;
}

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @RequirePermission('webhook.manage')
  @ApiOkResponse({ type: WebhookView, isArray: true })
  list(@CurrentUser() principal: UserPrincipal) {
    return this.webhooks.list(principal);
  }

  @Post()
  @RequirePermission('webhook.manage')
  @ApiCreatedResponse({ type: CreatedWebhookView })
  create(@CurrentUser() principal: UserPrincipal, @Body() body: CreateWebhookDto) {
    return this.webhooks.create(principal, body);
  }

  @Delete(':id')
  @RequirePermission('webhook.manage')
  @HttpCode(204)
  async remove(@CurrentUser() principal: UserPrincipal, @Param('id', webhookId) id: string): Promise<void> {
    await this.webhooks.remove(principal, id);
  }

  @Get(':id/deliveries')
  @RequirePermission('webhook.manage')
  deliveries(@CurrentUser() principal: UserPrincipal, @Param('id', webhookId) id: string) {
    return this.webhooks.deliveries(principal, id);
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @RequirePermission('webhook.manage')
  @HttpCode(202)
  replay(@CurrentUser() principal: UserPrincipal, @Param('id', webhookId) id: string, @Param('deliveryId', idParam('De aflevering')) delivery: string) {
    return this.webhooks.replay(principal, id, delivery);
  }
}
