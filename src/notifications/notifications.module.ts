import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({ imports: [CandidatesModule, WebhooksModule], controllers: [NotificationsController], providers: [NotificationsService], exports: [NotificationsService] })
export class NotificationsModule {}
