/**
 * Dutch labels for the values the case summaries and the trail carry as codes. The phase titles
 * follow templates/guide/basisscan-1.0.0.nl.json: the case page itself uses the guide the service
 * sends; these are only for lists that do not carry it.
 */
export const OFFICES: Record<string, string> = {
  wethouder: 'Kandidaat-wethouder',
  gedeputeerde: 'Kandidaat-gedeputeerde',
  dagelijksBestuurslid: 'Kandidaat-lid dagelijks bestuur',
  eilandgedeputeerde: 'Kandidaat-eilandgedeputeerde',
};

export const PHASES: Record<string, string> = {
  opdrachtVerleend: 'Opdracht verleend',
  screenerToegewezen: 'Screener toegewezen',
  toestemmingGevraagd: 'Toestemming gevraagd',
  vragenlijst: 'Vragenlijst',
  openbronnenonderzoek: 'Openbronnenonderzoek',
  gesprek: 'Gesprek',
  conceptrapportage: 'Conceptrapportage',
  hoorEnWederhoor: 'Hoor en wederhoor',
  eindrapportage: 'Eindrapportage',
  advies: 'Advies',
  aanvullendOnderzoekToestemming: 'Toestemming aanvullend onderzoek',
  aanvullendOnderzoek: 'Aanvullend onderzoek',
  raadInformeren: 'Raad informeren',
  raadGeinformeerd: 'Raad geïnformeerd',
  afgesloten: 'Afgesloten',
  vernietigd: 'Vernietigd',
};

export const officeLabel = (office: string) => OFFICES[office] ?? office;
export const phaseLabel = (phase: string) => PHASES[phase] ?? phase;

export const STOP_REASONS: Record<string, string> = {
  formatie_gewijzigd: 'De formatie is gewijzigd',
  kandidaat_ongeschikt_voor_functie: 'De kandidaat is niet geschikt voor de functie',
  andere_reden: 'Een andere reden',
};

export const ACTORS: Record<string, string> = {
  opdrachtgever: 'Opdrachtgever',
  screener: 'Screener',
  kandidaat: 'Kandidaat',
  system: 'De dienst (automatisch)',
};
