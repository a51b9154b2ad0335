import { bearer, TestApp } from './test-app';

const today = () => new Date().toISOString().slice(0, 10);

/** The screener's minimum before COMPLETE_RESEARCH, RECORD_INTERVIEW and SUBMIT_DRAFT, through HTTP. */
export const screenerFile = {
  source: (t: TestApp, token: string, caseId: string, isFinding = true) =>
    t.http().post(`/cases/${caseId}/sources`).set(bearer(token)).send({ kind: 'kvk_handelsregister', consultedOn: today(), query: 'Inschrijvingen op naam', found: 'Eenmanszaak in advieswerk', isFinding }).expect(201),
  interview: (t: TestApp, token: string, caseId: string, heldOn = today()) =>
    t.http().put(`/cases/${caseId}/interview`).set(bearer(token)).send({ heldOn, participants: ['screener', 'kandidaat'], summaries: [{ theme: 'nevenfuncties', summary: 'Besproken: de adviespraktijk.' }] }).expect(200),
  draft: (t: TestApp, token: string, caseId: string, conclusion = 'beheersbaar') =>
    t.http().put(`/cases/${caseId}/assessment/draft`).set(bearer(token)).send({ conclusion, explanation: 'Risico beheersbaar met het beëindigen van de adviespraktijk.' }).expect(200),
  response: (t: TestApp, candidateToken: string, caseId: string) =>
    t.http().put(`/cases/${caseId}/wederhoor/response`).set(bearer(candidateToken)).send({ response: 'Ik beëindig de adviespraktijk vóór mijn benoeming.' }).expect(200),
};
