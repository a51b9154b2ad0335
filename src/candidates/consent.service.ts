import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseContext, variantOf } from '../../workflows/basisscan-2.machine';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { fill, readTemplate } from '../common/templates';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { retentionOf } from '../jobs/retention';

interface ConsentTemplate {
  version: string;
  title: string;
  sections: { heading: string; text: string }[];
}

/** The consent text in force; a new version is a new file, and GIVE_CONSENT names the one shown. */
export const CURRENT_CONSENT_VERSION = '2';
const consentTemplate = () => readTemplate<ConsentTemplate>(`consent/toestemming-${CURRENT_CONSENT_VERSION}.nl.json`);

export interface ConsentView {
  version: string;
  title: string;
  sections: { heading: string; text: string }[];
  given: { textVersion: string; at: string } | null;
}

@Injectable()
export class ConsentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(principal: Principal, caseId: string): Promise<ConsentView> {
    await this.access.require(principal, 'case.read', caseId, 'Het dossier');
    const [row]: { snapshot: { context: CaseContext }; name: string; organisation_id: string }[] = await this.dataSource.query(
      'SELECT c.snapshot, o.name, c.organisation_id FROM cases c JOIN organisations o ON o.id = c.organisation_id WHERE c.id = $1',
      [caseId],
    );
    const context = row.snapshot.context;
    const variant = variantOf(context);
    const retention = await retentionOf(this.dataSource.manager, row.organisation_id, this.config.retention);
    const values = {
      officeTitle: variant.officeTitle,
      opdrachtgeverTitle: variant.opdrachtgeverTitle,
      appointingBody: variant.appointingBody,
      organisationName: row.name,
      retentionNotAppointedDays: retention.notAppointedDays,
      retentionWithdrawnDays: retention.withdrawnDays,
      retentionAppointedMonths: retention.appointedMonths,
    };
    const template = consentTemplate();
    return {
      version: template.version,
      title: template.title,
      sections: template.sections.map((s) => ({ heading: s.heading, text: fill(s.text, values) })),
      given: context.consent ?? null,
    };
  }
}
