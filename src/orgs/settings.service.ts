import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { cite, VARIANTS } from '../../workflows/variants';
import { UserPrincipal as Principal } from '../access/principal';
import { actorOf, AuditService } from '../audit/audit.service';
import { AppError, notFound } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PrivacyService } from '../privacy/privacy.service';
import { DEADLINE_BOUNDS, DEADLINE_DEFAULTS, Deadlines } from '../jobs/deadlines';
import { OrganisationSettingsView, ScreeningBureauOption, UpdateOrganisationSettingsDto } from './settings.dto';

const LOGO_MAX_BYTES = 200 * 1024;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);

interface OrganisationRow {
  id: string;
  name: string;
  kind: keyof typeof VARIANTS | 'screeningsbureau';
  contact_url: string | null;
  contact_email: string | null;
  privacy_statement_url: string | null;
  accessibility_statement_url: string | null;
  deadlines: Partial<Deadlines>;
  retention_not_appointed_days: number | null;
  retention_withdrawn_days: number | null;
  vog_max_age_months: number | null;
  has_logo: boolean;
  settings_updated_at: Date | null;
}

const unprocessable = (code: string, field: string, label: string, message: string) =>
  new AppError(HttpStatus.UNPROCESSABLE_ENTITY, code, `${label} ${message}.`, [{ field, problems: [{ constraint: code.toLowerCase(), message }] }]);

/**
 * The organisation's own settings, one home for what used to be columns edited by hand: the name
 * and logo of the page frame, the links every page's footer shows, deadlines, retention, the VOG's
 * age, the end of the raad's term and the screening bureaus it works with. Only its beheerder
 * reads and changes them; every change is audited.
 */
@Injectable()
export class OrganisationSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly privacy: PrivacyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<OrganisationSettingsView> {
    const [row]: OrganisationRow[] = await manager.query(
      `SELECT id, name, kind, contact_url, contact_email, privacy_statement_url, accessibility_statement_url, deadlines,
              retention_not_appointed_days, retention_withdrawn_days, vog_max_age_months, logo IS NOT NULL AS has_logo, settings_updated_at
         FROM organisations WHERE id = $1`,
      [id],
    );
    if (!row) throw notFound('De organisatie');
    const bureaus: { bureau_id: string; name: string; processing_agreement_reference: string | null; agreed_on: string | null }[] = await manager.query(
      `SELECT sb.bureau_id, b.name, sb.processing_agreement_reference, to_char(sb.agreed_on, 'YYYY-MM-DD') AS agreed_on
         FROM organisation_screening_bureaus sb JOIN organisations b ON b.id = sb.bureau_id
        WHERE sb.organisation_id = $1 ORDER BY b.name`,
      [id],
    );
    const variant = row.kind === 'screeningsbureau' ? null : VARIANTS[row.kind];
    const own = (key: keyof Deadlines) => (Number.isInteger(row.deadlines[key]) ? (row.deadlines[key] as number) : null);
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      links: { contactUrl: row.contact_url, contactEmail: row.contact_email, privacyStatementUrl: row.privacy_statement_url, accessibilityStatementUrl: row.accessibility_statement_url },
      deadlines: {
        consentDays: own('consentDays'),
        questionnaireDays: own('questionnaireDays'),
        wederhoorWorkingDays: own('wederhoorWorkingDays'),
        vogRequestWorkingDays: own('vogRequestWorkingDays'),
        vogWarningDaysBeforeAppointment: own('vogWarningDaysBeforeAppointment'),
      },
      retention: { notAppointedDays: row.retention_not_appointed_days, withdrawnDays: row.retention_withdrawn_days },
      vogMaxAgeMonths: row.vog_max_age_months,
      screeningBureaus: bureaus.map((b) => ({ bureauId: b.bureau_id, name: b.name, processingAgreementReference: b.processing_agreement_reference, agreedOn: b.agreed_on })),
      hasLogo: row.has_logo,
      updatedAt: row.settings_updated_at?.toISOString() ?? null,
      defaults: {
        deadlines: { ...DEADLINE_DEFAULTS },
        retention: { notAppointedDays: this.config.retention.notAppointedDays, withdrawnDays: this.config.retention.withdrawnDays },
        vogMaxAgeMonths: variant?.vogMaxAgeMonths ?? VARIANTS.gemeente.vogMaxAgeMonths,
        vogLegalReference: cite((variant ?? VARIANTS.gemeente).vogRequirement),
      },
    };
  }

  async update(principal: Principal, id: string, dto: UpdateOrganisationSettingsDto): Promise<OrganisationSettingsView> {
    return this.dataSource.transaction(async (tx) => {
      const [organisation]: { kind: string }[] = await tx.query('SELECT kind FROM organisations WHERE id = $1 FOR UPDATE', [id]);
      if (!organisation) throw notFound('De organisatie');
      const variant = organisation.kind === 'screeningsbureau' ? null : VARIANTS[organisation.kind as keyof typeof VARIANTS];
      if (variant && dto.vogMaxAgeMonths !== null && dto.vogMaxAgeMonths > variant.vogMaxAgeMonths) {
        throw unprocessable('VOG_AGE_LOOSER_THAN_LAW', 'vogMaxAgeMonths', 'De maximale leeftijd van de VOG', `mag niet ruimer zijn dan de wet: ten hoogste ${variant.vogMaxAgeMonths} maanden (${cite(variant.vogRequirement)})`);
      }
      const ids = dto.screeningBureaus.map((b) => b.bureauId);
      if (new Set(ids).size !== ids.length) throw unprocessable('BUREAU_TWICE', 'screeningBureaus', 'Een screeningsbureau', 'staat meer dan eens in de lijst');
      if (ids.length && organisation.kind === 'screeningsbureau') {
        throw unprocessable('NOT_A_PUBLIC_BODY', 'screeningBureaus', 'Een screeningsbureau', 'werkt zelf niet met andere screeningsbureaus');
      }
      const known: { id: string }[] = ids.length ? await tx.query(`SELECT id FROM organisations WHERE id = ANY($1::uuid[]) AND kind = 'screeningsbureau'`, [ids]) : [];
      const unknown = ids.findIndex((bureauId) => !known.some((k) => k.id === bureauId));
      if (unknown >= 0) throw unprocessable('BUREAU_UNKNOWN', `screeningBureaus.${unknown}.bureauId`, 'Dit screeningsbureau', 'bestaat niet');
      const deadlines = Object.fromEntries(
        (Object.keys(DEADLINE_BOUNDS) as (keyof Deadlines)[]).filter((key) => dto.deadlines[key] !== null).map((key) => [key, dto.deadlines[key]]),
      );
      await tx.query(
        `UPDATE organisations SET name = $2, contact_url = $3, contact_email = $4, privacy_statement_url = $5, accessibility_statement_url = $6,
                deadlines = $7, retention_not_appointed_days = $8, retention_withdrawn_days = $9, vog_max_age_months = $10, settings_updated_at = now()
          WHERE id = $1`,
        [
          id,
          dto.name,
          dto.links.contactUrl,
          dto.links.contactEmail?.toLowerCase() ?? null,
          dto.links.privacyStatementUrl,
          dto.links.accessibilityStatementUrl,
          JSON.stringify(deadlines),
          dto.retention.notAppointedDays,
          dto.retention.withdrawnDays,
          dto.vogMaxAgeMonths,
        ],
      );
      // The list as sent: removed bureaus go (their screeners can no longer be assigned; cases already assigned keep theirs).
      await tx.query('DELETE FROM organisation_screening_bureaus WHERE organisation_id = $1 AND NOT (bureau_id = ANY($2::uuid[]))', [id, ids]);
      for (const bureau of dto.screeningBureaus) {
        await tx.query(
          `INSERT INTO organisation_screening_bureaus (organisation_id, bureau_id, processing_agreement_reference, agreed_on) VALUES ($1, $2, $3, $4)
           ON CONFLICT (organisation_id, bureau_id) DO UPDATE SET processing_agreement_reference = EXCLUDED.processing_agreement_reference, agreed_on = EXCLUDED.agreed_on`,
          [id, bureau.bureauId, bureau.processingAgreementReference, bureau.agreedOn],
        );
      }
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: id, action: 'organisation.settings.update', object: `organisation:${id}`, result: 'ok' });
      // Closed cases waiting for destruction get the date the new periods give them (each move audited).
      await this.privacy.recomputeDestruction(tx, principal);
      return this.get(id, tx);
    });
  }

  async setLogo(principal: Principal, id: string, mediaType: 'image/png' | 'image/jpeg', base64: string): Promise<void> {
    const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(base64) ? Buffer.from(base64, 'base64') : Buffer.alloc(0);
    if (bytes.length === 0) throw unprocessable('LOGO_INVALID', 'data', 'Het logo', 'is geen geldig base64-gecodeerd beeld');
    if (bytes.length > LOGO_MAX_BYTES) throw unprocessable('LOGO_TOO_LARGE', 'data', 'Het logo', `is te groot: ten hoogste ${LOGO_MAX_BYTES / 1024} kB`);
    // The bytes must be what the type says: the logo is served with that type to every user of the organisation.
    const magic = mediaType === 'image/png' ? PNG : JPEG;
    if (!bytes.subarray(0, magic.length).equals(magic)) throw unprocessable('LOGO_INVALID', 'data', 'Het logo', `is geen ${mediaType === 'image/png' ? 'PNG' : 'JPEG'}-bestand`);
    await this.dataSource.transaction(async (tx) => {
      await tx.query('UPDATE organisations SET logo = $2, logo_media_type = $3, settings_updated_at = now() WHERE id = $1', [id, bytes, mediaType]);
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: id, action: 'organisation.logo.update', object: `organisation:${id}`, result: 'ok' });
    });
  }

  async removeLogo(principal: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query('UPDATE organisations SET logo = NULL, logo_media_type = NULL, settings_updated_at = now() WHERE id = $1', [id]);
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: id, action: 'organisation.logo.delete', object: `organisation:${id}`, result: 'ok' });
    });
  }

  async logo(id: string): Promise<{ bytes: Buffer; mediaType: string } | null> {
    const [row]: { logo: Buffer | null; logo_media_type: string | null }[] = await this.dataSource.query('SELECT logo, logo_media_type FROM organisations WHERE id = $1', [id]);
    return row?.logo && row.logo_media_type ? { bytes: row.logo, mediaType: row.logo_media_type } : null;
  }

  async screeningBureaus(): Promise<ScreeningBureauOption[]> {
    return this.dataSource.query(`SELECT id, name FROM organisations WHERE kind = 'screeningsbureau' ORDER BY name`);
  }
}
