/** A short reference for people: year of commissioning and the start of the case id. */
export const caseReference = (caseId: string, commissionedAt: string): string => `BS-${commissionedAt.slice(0, 4)}-${caseId.replace(/-/g, '').slice(0, 6).toUpperCase()}`;
