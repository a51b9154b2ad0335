import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { FormationsController } from './formations.controller';
import { FormationsService } from './formations.service';

@Module({ imports: [CasesModule], controllers: [FormationsController], providers: [FormationsService], exports: [FormationsService] })
export class FormationsModule {}
