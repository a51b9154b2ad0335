import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { ORGANISATION_QUESTION_TYPES, OrganisationQuestionType } from '../candidates/questionnaire';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A question of the organisation's own, as the beheerder writes it. */
export class OrganisationQuestionDto {
  @ApiProperty({ description: 'Het thema van de vragenlijst waar de vraag bij hoort (id uit `themes`)', example: 'nevenfuncties' })
  @IsString({ context: { label: 'Thema' } }) @MinLength(1, { context: { label: 'Thema' } }) @MaxLength(100, { context: { label: 'Thema' } })
  themeId: string;

  @ApiProperty({ enum: ORGANISATION_QUESTION_TYPES, description: 'Soort antwoord: ja/nee, tekst, datum of bedrag' })
  @IsIn(ORGANISATION_QUESTION_TYPES, { context: { label: 'Soort antwoord' } })
  type: OrganisationQuestionType;

  @ApiProperty({ description: 'De vraag, in eenvoudige taal (B1)', minLength: 5, maxLength: 500, example: 'Bent u lid van een lokale sportvereniging met een subsidie van de gemeente?' })
  @Transform(trim) @IsString({ context: { label: 'Vraag' } }) @MinLength(5, { context: { label: 'Vraag' } }) @MaxLength(500, { context: { label: 'Vraag' } })
  label: string;

  @ApiProperty({ description: 'Uitleg bij de vraag, in eenvoudige taal (B1)', minLength: 5, maxLength: 2000, example: 'Wij vragen dit omdat de gemeente subsidie geeft aan verenigingen.' })
  @Transform(trim) @IsString({ context: { label: 'Uitleg' } }) @MinLength(5, { context: { label: 'Uitleg' } }) @MaxLength(2000, { context: { label: 'Uitleg' } })
  help: string;

  @ApiProperty({ description: 'Moet de kandidaat de vraag beantwoorden?' })
  @IsBoolean({ context: { label: 'Verplicht' } })
  required: boolean;

  @ApiProperty({ description: 'Alleen bij ja/nee: bij "ja" is een toelichting nodig' })
  @IsBoolean({ context: { label: 'Toelichting bij ja' } })
  explanationOnYes: boolean;
}

export class OrganisationQuestionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() themeId: string;
  @ApiProperty() themeTitle: string;
  @ApiProperty({ enum: ORGANISATION_QUESTION_TYPES }) type: OrganisationQuestionType;
  @ApiProperty() label: string;
  @ApiProperty() help: string;
  @ApiProperty() required: boolean;
  @ApiProperty() explanationOnYes: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class QuestionnaireThemeOption {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
}

export class OrganisationQuestionsView {
  @ApiProperty({ description: 'Versie van de vragenlijst waar de eigen vragen bij horen' }) questionnaireVersion: string;
  @ApiProperty({ description: 'Zo ziet de kandidaat de eigen vragen gemarkeerd' }) marking: string;
  @ApiProperty({ type: QuestionnaireThemeOption, isArray: true }) themes: QuestionnaireThemeOption[];
  @ApiProperty({ type: OrganisationQuestionView, isArray: true }) questions: OrganisationQuestionView[];
}
