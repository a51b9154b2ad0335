/**
 * SQL condition: the user `u` may screen for the organisation in parameter `param` — a screener of
 * its own, or of a screening bureau it has registered with its verwerkersovereenkomst (AVG art. 28,
 * organisation settings). One definition for assigning and for finding screeners.
 */
export const mayScreenFor = (param: string): string =>
  `(u.organisation_id = ${param} OR EXISTS (SELECT 1 FROM organisation_screening_bureaus sb WHERE sb.organisation_id = ${param} AND sb.bureau_id = u.organisation_id))`;

export const SCREENER_UNKNOWN_MESSAGE =
  'Deze screener bestaat niet, is niet actief, of hoort niet bij uw organisatie of bij een screeningsbureau waarmee uw organisatie werkt (zie Instellingen).';
