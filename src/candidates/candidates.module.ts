import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CandidatesController } from './candidates.controller';
import { ConsentService } from './consent.service';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { OutboxService } from './outbox.service';
import { QuestionnaireService } from './questionnaire.service';

@Module({ imports: [AuthModule], controllers: [InvitationsController, CandidatesController],
  providers: [InvitationsService, OutboxService, ConsentService, QuestionnaireService],
  exports: [InvitationsService, OutboxService, QuestionnaireService], })
export class CandidatesModule {}
