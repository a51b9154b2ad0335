/** Dutch labels the pages of several roles show; codes as the service uses them. */
export const SOURCE_KINDS: Record<string, string> = {
  kvk_handelsregister: 'KvK Handelsregister',
  kadaster: 'Kadaster',
  centraal_insolventieregister: 'Centraal Insolventieregister',
  nieuwsarchief: 'Nieuwsarchief',
  sociale_media: 'Sociale media',
  internet: 'Internet (zoekmachine)',
  overig: 'Overige bron',
};

/** The themes the service accepts for interview summaries and risks (THEMES in src/assessment/assessment.dto.ts). */
export const THEMES: Record<string, string> = {
  beoogde_functie: 'Beoogde functie',
  nevenfuncties: 'Nevenfuncties',
  financiele_belangen: 'Financiële belangen',
  financiele_positie: 'Financiële positie',
  fiscale_zaken: 'Fiscale zaken',
  antecedenten: 'Justitiële en bestuursrechtelijke antecedenten',
  relaties: 'Relaties en netwerk',
  eerdere_kwesties: 'Eerdere integriteitskwesties',
  publieke_uitingen: 'Publieke uitingen',
  kwetsbaarheid: 'Kwetsbaarheid en ondermijning',
  overig: 'Overig',
};
