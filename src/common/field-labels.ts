/**
 * The Dutch names of the fields the service can name in an error, and of the coded values it can
 * list as allowed. One mapping: validation answers carry the label in each field problem
 * (`details[].label`) and in the message, so the web application shows what the service says.
 */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  email: 'E-mailadres',
  password: 'Wachtwoord',
  name: 'Naam',
  office: 'Functie',
  portfolio: 'Portefeuille',
  fractie: 'Fractie',
  candidate: 'Kandidaat',
  candidates: 'Kandidaten',
  plannedAppointmentDate: 'Beoogde benoemingsdatum',
  installationDate: 'Datum van installatie',
  electionDate: 'Verkiezingsdatum',
  agreedOn: 'Datum van afspraak',
  date: 'Datum',
  issueDate: 'Datum van afgifte',
  conclusion: 'Conclusie',
  justification: 'Onderbouwing',
  deviationReason: 'Reden van afwijking',
  explanation: 'Toelichting',
  reason: 'Reden',
  reference: 'Kenmerk',
  scope: 'Reikwijdte',
  note: 'Notitie',
  screenerId: 'Screener',
  bureauId: 'Screeningsbureau',
  formateur: 'Formateur',
  fractievoorzitter: 'Fractievoorzitter',
  coalitionParties: 'Coalitiepartijen',
  partyScreening: 'Screening door de partij',
  roles: 'Rollen',
  active: 'Actief',
  status: 'Status',
  vog: 'VOG',
  contactEmail: 'E-mailadres voor contact',
  contactUrl: 'Contactpagina',
  privacyStatementUrl: 'Privacyverklaring',
  accessibilityStatementUrl: 'Toegankelijkheidsverklaring',
  processingAgreementReference: 'Kenmerk verwerkersovereenkomst',
  mediaType: 'Bestandstype',
  data: 'Bestand',
  url: 'Adres (URL)',
  eventTypes: 'Gebeurtenissen',
  consentDays: 'Dagen voor toestemming',
  questionnaireDays: 'Dagen voor de vragenlijst',
  wederhoorWorkingDays: 'Werkdagen voor wederhoor',
  vogRequestWorkingDays: 'Werkdagen voor de VOG-aanvraag',
  vogMaxAgeMonths: 'Maximale leeftijd van de VOG (maanden)',
  vogWarningDaysBeforeAppointment: 'Dagen voor de VOG-waarschuwing',
  withdrawnDays: 'Bewaartermijn bij terugtrekking (dagen)',
  notAppointedDays: 'Bewaartermijn bij niet benoemen (dagen)',
  type: 'Soort handeling',
  expectedVersion: 'Versie van het dossier',
  consentTextVersion: 'Versie van de toestemmingstekst',
  appointed: 'Benoemd',
  agreedRiskIds: 'Afgesproken risico\u2019s',
  allMeasuresAgreed: 'Alle maatregelen afgesproken',
  body: 'Verzoek',
};

/** Dutch names of coded values a field allows, where the code itself is not plain Dutch. */
export const VALUE_LABELS: Readonly<Record<string, string>> = {
  geen_risicos: 'geen risico\u2019s',
  beheersbaar: 'beheersbare risico\u2019s',
  ernstige_risicos: 'ernstige risico\u2019s',
  formatie_gewijzigd: 'formatie gewijzigd',
  kandidaat_ongeschikt_voor_functie: 'kandidaat ongeschikt voor de functie',
  andere_reden: 'andere reden',
  yes_no: 'ja/nee',
  text: 'tekst',
  date: 'datum',
  amount: 'bedrag',
};

/**
 * The Dutch label of a field path as the validation names it (`email`, `entries.0.hours`): the
 * label of its last named segment, with the row number of a list entry; the path itself when
 * there is no label.
 */
export function fieldLabel(path: string): string {
  const segments = path.split('.');
  let index = segments.length - 1;
  while (index > 0 && /^\d+$/.test(segments[index])) index--;
  const label = FIELD_LABELS[segments[index]];
  if (!label) return path;
  const rows = segments.filter((segment) => /^\d+$/.test(segment)).map((segment) => Number(segment) + 1);
  return rows.length ? `${label} (nummer ${rows.join('.')})` : label;
}

/** "a, b of c", with each value's Dutch name and its code. */
export function allowedValues(values: readonly unknown[]): string {
  const named = values.map((value) => (typeof value === 'string' && VALUE_LABELS[value] ? `${VALUE_LABELS[value]} (${value})` : String(value)));
  return named.length > 1 ? `${named.slice(0, -1).join(', ')} of ${named[named.length - 1]}` : (named[0] ?? '');
}
