import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { OutboxService } from './outbox.service';

@Module({ imports: [AuthModule], controllers: [InvitationsController], providers: [InvitationsService, OutboxService], exports: [InvitationsService, OutboxService] })
export class CandidatesModule {}
