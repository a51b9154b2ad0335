import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDateString, IsDefined, IsEmail, IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { DEADLINE_BOUNDS } from '../jobs/deadlines';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** null, or an empty text from a form field, both mean: not set (the service's default). */
const emptyToNull = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? null : typeof value === 'string' ? value.trim() : value);
const NullOr = (): PropertyDecorator => ValidateIf((_object: unknown, value: unknown) => value !== null);
const HTTPS = /^https:\/\/[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$/;

export class OrganisationLinksDto {
  @ApiProperty({ type: String, nullable: true, description: 'Contactpagina van de organisatie (https)', example: 'https://www.voorbeeldstad.nl/contact' })
  @IsDefined() @Transform(emptyToNull) @NullOr() @IsString() @MaxLength(500) @Matches(HTTPS, { context: { dutch: 'moet een https-adres zijn' } })
  contactUrl: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'E-mailadres voor vragen over de screening', example: 'integriteit@voorbeeldstad.nl' })
  @IsDefined() @Transform(emptyToNull) @NullOr() @IsEmail() @MaxLength(254)
  contactEmail: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Privacyverklaring (https)', example: 'https://www.voorbeeldstad.nl/privacy' })
  @IsDefined() @Transform(emptyToNull) @NullOr() @IsString() @MaxLength(500) @Matches(HTTPS, { context: { dutch: 'moet een https-adres zijn' } })
  privacyStatementUrl: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Toegankelijkheidsverklaring (https)', example: 'https://www.voorbeeldstad.nl/toegankelijkheid' })
  @IsDefined() @Transform(emptyToNull) @NullOr() @IsString() @MaxLength(500) @Matches(HTTPS, { context: { dutch: 'moet een https-adres zijn' } })
  accessibilityStatementUrl: string | null;
}

const deadline = (key: keyof typeof DEADLINE_BOUNDS, description: string): PropertyDecorator[] => [
  ApiProperty({ type: 'integer', nullable: true, minimum: DEADLINE_BOUNDS[key].min, maximum: DEADLINE_BOUNDS[key].max, description: `${description} (leeg: de standaard)` }),
  IsDefined(),
  NullOr(),
  IsInt(),
  Min(DEADLINE_BOUNDS[key].min),
  Max(DEADLINE_BOUNDS[key].max),
];
const apply = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));

export class DeadlineSettingsDto {
  @apply(deadline('consentDays', 'Dagen voor de toestemming na de uitnodiging'))
  consentDays: number | null;

  @apply(deadline('questionnaireDays', 'Dagen voor de vragenlijst na de toestemming'))
  questionnaireDays: number | null;

  @apply(deadline('wederhoorWorkingDays', 'Werkdagen voor hoor en wederhoor'))
  wederhoorWorkingDays: number | null;

  @apply(deadline('vogRequestWorkingDays', 'Werkdagen na de opdracht waarna de opdrachtgever een herinnering krijgt als er geen VOG is aangevraagd'))
  vogRequestWorkingDays: number | null;

  @apply(deadline('vogWarningDaysBeforeAppointment', 'Dagen vóór de beoogde benoeming waarop gewaarschuwd wordt als er nog geen geldige VOG is'))
  vogWarningDaysBeforeAppointment: number | null;
}

/** Days after closing; the retention after an appointment (to the end of the raad's term) is the FG's, in the privacy settings. */
export class RetentionSettingsDto {
  @ApiProperty({ type: 'integer', nullable: true, minimum: 0, maximum: 365, description: 'Dagen bewaren na afsluiten zonder benoeming (leeg: de standaard)' })
  @IsDefined() @NullOr() @IsInt() @Min(0) @Max(365)
  notAppointedDays: number | null;

  @ApiProperty({ type: 'integer', nullable: true, minimum: 0, maximum: 365, description: 'Dagen bewaren na intrekken door de kandidaat (leeg: de standaard)' })
  @IsDefined() @NullOr() @IsInt() @Min(0) @Max(365)
  withdrawnDays: number | null;

}

export class ScreeningBureauSettingDto {
  @ApiProperty({ description: 'Id van het screeningsbureau (GET /screening-bureaus)' })
  @IsUUID('4')
  bureauId: string;

  @ApiProperty({ description: 'Kenmerk van de verwerkersovereenkomst (AVG art. 28)', example: 'VWO-2026-014' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  processingAgreementReference: string;

  @ApiProperty({ type: String, nullable: true, description: 'Datum van de verwerkersovereenkomst', example: '2026-01-05' })
  @IsDefined() @NullOr() @IsDateString({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/)
  agreedOn: string | null;
}

/** Everything a beheerder sets for the organisation, replaced as a whole (PUT). */
export class UpdateOrganisationSettingsDto {
  @ApiProperty({ description: 'Naam zoals die bovenaan elke pagina en in brieven staat', example: 'Gemeente Voorbeeldstad' })
  @Transform(trim) @IsString() @MinLength(2) @MaxLength(200)
  name: string;

  @ApiProperty({ type: OrganisationLinksDto }) @IsDefined() @ValidateNested() @Type(() => OrganisationLinksDto)
  links: OrganisationLinksDto;

  @ApiProperty({ type: DeadlineSettingsDto }) @IsDefined() @ValidateNested() @Type(() => DeadlineSettingsDto)
  deadlines: DeadlineSettingsDto;

  @ApiProperty({ type: RetentionSettingsDto }) @IsDefined() @ValidateNested() @Type(() => RetentionSettingsDto)
  retention: RetentionSettingsDto;

  @ApiProperty({ type: 'integer', nullable: true, minimum: 1, maximum: 12, description: 'Hoe oud de VOG bij de benoeming ten hoogste mag zijn, in maanden; strenger dan de wet mag, ruimer niet (leeg: de wettelijke termijn)' })
  @IsDefined() @NullOr() @IsInt() @Min(1) @Max(12)
  vogMaxAgeMonths: number | null;


  @ApiProperty({ type: [ScreeningBureauSettingDto], description: 'De screeningsbureaus waarmee de organisatie werkt; alleen hun screeners kunnen worden aangewezen' })
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ScreeningBureauSettingDto)
  screeningBureaus: ScreeningBureauSettingDto[];
}

export class ScreeningBureauView {
  @ApiProperty() bureauId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: 'Ontbreekt bij bureaus die al voor de organisatie werkten vóór deze instelling bestond' }) processingAgreementReference: string | null;
  @ApiProperty({ type: String, nullable: true }) agreedOn: string | null;
}

export class SettingsDefaultsView {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) deadlines: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) retention: Record<string, number>;
  @ApiProperty({ description: 'De wettelijke termijn voor dit soort organisatie' }) vogMaxAgeMonths: number;
  @ApiProperty({ description: 'De wettelijke bron van de VOG-termijn, met de status van de verwijzing' }) vogLegalReference: string;
}

export class OrganisationSettingsView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() kind: string;
  @ApiProperty({ type: OrganisationLinksDto }) links: OrganisationLinksDto;
  @ApiProperty({ type: DeadlineSettingsDto }) deadlines: DeadlineSettingsDto;
  @ApiProperty({ type: RetentionSettingsDto }) retention: RetentionSettingsDto;
  @ApiProperty({ type: 'integer', nullable: true }) vogMaxAgeMonths: number | null;
  @ApiProperty({ type: [ScreeningBureauView] }) screeningBureaus: ScreeningBureauView[];
  @ApiProperty({ description: 'Of er een logo is (GET /organisations/{id}/logo)' }) hasLogo: boolean;
  @ApiProperty({ type: String, nullable: true }) updatedAt: string | null;
  @ApiProperty({ type: SettingsDefaultsView, description: 'Wat geldt waar niets is ingesteld' }) defaults: SettingsDefaultsView;
}

export class UploadLogoDto {
  @ApiProperty({ enum: ['image/png', 'image/jpeg'] }) @IsIn(['image/png', 'image/jpeg'])
  mediaType: 'image/png' | 'image/jpeg';

  @ApiProperty({ description: 'Het beeld, base64; ten hoogste 200 kB' }) @IsString() @MinLength(8) @MaxLength(280_000)
  data: string;
}

export class ScreeningBureauOption {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

