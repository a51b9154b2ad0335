import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseContext, variantOf } from '../../workflows/basisscan-2.machine';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { fill, readTemplate } from '../common/templates';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { longDate } from '../common/dutch-date';
import { appointedRetentionEnd, EffectiveRetention, retentionOf } from '../jobs/retention';
import { legalBasesOf } from '../privacy/legal-bases';

interface ConsentTemplate {
  version: string;
  title: string;
  sections: { heading: string; text: string }[];
}

/** The consent text in force; a new version is a new file, and GIVE_CONSENT names the one shown. */
export const CURRENT_CONSENT_VERSION = '3';
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
    const [row]: { snapshot: { context: CaseContext }; name: string; organisation_id: string; processor: string | null }[] = await this.dataSource.query(
      // The processor is the assigned screener's bureau (never the organisation itself), named with its
      // verwerkersovereenkomst as the organisation registered it (organisation settings).
      `SELECT c.snapshot, o.name, c.organisation_id,
              CASE WHEN b.id IS NULL OR b.id = o.id THEN NULL
                   WHEN sb.processing_agreement_reference IS NULL THEN b.name
                   ELSE b.name || ' (verwerkersovereenkomst ' || sb.processing_agreement_reference || ')' END AS processor
         FROM cases c JOIN organisations o ON o.id = c.organisation_id
         LEFT JOIN users s ON s.id = c.screener_id LEFT JOIN organisations b ON b.id = s.organisation_id
         LEFT JOIN organisation_screening_bureaus sb ON sb.organisation_id = o.id AND sb.bureau_id = b.id
        WHERE c.id = $1`,
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
      retentionAppointed: appointedRetentionText(context, variant.appointingBody, retention),
      processor: row.processor ?? 'Het screeningsbureau dat de opdrachtgever inschakelt',
      ...Object.fromEntries(
        (await legalBasesOf(this.dataSource.manager, row.organisation_id)).map((b) => [`legalBasis${b.activity.replace(/(^|_)(\w)/g, (_m, _u, c: string) => c.toUpperCase())}`, b.legalBasis]),
      ),
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

/**
 * What an appointed candidate is told, computed as the retention job computes it: kept to the end
 * of the term (or the FG's shorter period), with the day for an appointment on the planned date.
 */
export function appointedRetentionText(context: CaseContext, appointingBody: string, retention: EffectiveRetention): string {
  const day = longDate(appointedRetentionEnd(context.organisationKind, context.plannedAppointmentDate, retention));
  const term = `het einde van de zittingsperiode van de ${appointingBody}`;
  return retention.appointedMonths === null
    ? `vernietigd aan ${term} (bij benoeming op de beoogde datum: ${day}), ook als u halverwege die periode wordt benoemd`
    : `vernietigd ${retention.appointedMonths} maanden na uw benoeming, maar niet later dan ${term} (bij benoeming op de beoogde datum: ${day})`;
}
