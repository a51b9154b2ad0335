import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { CurrentUser, RequirePermission } from '../access/decorators';
import { UserPrincipal } from '../access/principal';
import { NOTICE_KINDS } from './consequences';
import { NotificationsService } from './notifications.service';

export class NotificationItemView {
  @ApiProperty() id: string;
  @ApiProperty() caseId: string;
  @ApiProperty({ description: 'Short reference for people, e.g. BS-2026-4F3A9C' }) caseReference: string;
  @ApiProperty({ enum: NOTICE_KINDS }) kind: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ description: 'The page of the web application the notification leads to' }) link: string;
  @ApiProperty({ nullable: true, description: 'The day of the deadline the notification names (YYYY-MM-DD)' }) dueOn: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() read: boolean;
}

export class NotificationListView {
  @ApiProperty() unreadCount: number;
  @ApiProperty({ type: [NotificationItemView] }) items: NotificationItemView[];
}

export class UnreadCountView {
  @ApiProperty() unreadCount: number;
}

export class NotificationQueryDto {
  @ApiPropertyOptional({ description: 'Only unread notifications' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  ongelezen?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class MarkReadDto {
  @ApiPropertyOptional({ type: [String], description: 'The notifications that were read' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  ids?: string[];

  @ApiPropertyOptional({ description: 'Mark all of the caller\'s notifications read' })
  @IsOptional()
  @IsIn([true])
  all?: true;
}

export class NotificationPreferencesDto {
  @ApiProperty({ enum: ['direct', 'dagelijks'], description: 'direct: a mail per notification; dagelijks: one digest a day' })
  @IsIn(['direct', 'dagelijks'])
  mode: 'direct' | 'dagelijks';

  @ApiPropertyOptional({ minimum: 0, maximum: 23, description: 'The hour (Europe/Amsterdam) of the daily digest' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(23)
  digestHour?: number;
}

export class NotificationPreferencesView {
  @ApiProperty({ enum: ['direct', 'dagelijks'] }) mode: 'direct' | 'dagelijks';
  @ApiProperty({ minimum: 0, maximum: 23 }) digestHour: number;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @RequirePermission('notification.read')
  @ApiOkResponse({ type: NotificationListView })
  list(@CurrentUser() principal: UserPrincipal, @Query() query: NotificationQueryDto): Promise<NotificationListView> {
    return this.notifications.list(principal, { unreadOnly: query.ongelezen, limit: query.limit });
  }

  @Get('preferences')
  @RequirePermission('notification.read')
  @ApiOkResponse({ type: NotificationPreferencesView })
  preferences(@CurrentUser() principal: UserPrincipal): Promise<NotificationPreferencesView> {
    return this.notifications.preferences(principal);
  }

  @Put('preferences')
  @RequirePermission('notification.read')
  @ApiOkResponse({ type: NotificationPreferencesView })
  setPreferences(@CurrentUser() principal: UserPrincipal, @Body() body: NotificationPreferencesDto): Promise<NotificationPreferencesView> {
    return this.notifications.setPreferences(principal, body);
  }

  @Post('read')
  @RequirePermission('notification.read')
  @HttpCode(200)
  @ApiOkResponse({ type: UnreadCountView })
  markRead(@CurrentUser() principal: UserPrincipal, @Body() body: MarkReadDto): Promise<UnreadCountView> {
    return this.notifications.markRead(principal, body);
  }
}
