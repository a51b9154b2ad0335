import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { BenoembaarheidController } from './benoembaarheid.controller';
import { BenoembaarheidService } from './benoembaarheid.service';
import { FormationsController } from './formations.controller';
import { FormationsService } from './formations.service';

@Module({ imports: [CasesModule], controllers: [FormationsController, BenoembaarheidController], providers: [FormationsService, BenoembaarheidService], exports: [FormationsService, BenoembaarheidService] })
export class FormationsModule {}
