import { DEFAULT_FORMATION_PLANNING, FormationPlanningSettings } from '../../src/formations/planning-settings';
import { backwardPlan, casePlan, isWorkingDay, PLAN_STEPS, shiftWorkingDays } from '../../src/formations/planning';

/** A plain calendar, lengths spelled out and no holidays, so the arithmetic can be followed by hand. */
const PLAIN: FormationPlanningSettings = {
  consentDays: 7,
  questionnaireDays: 7,
  researchWorkingDays: 10,
  interviewWorkingDays: 2,
  draftWorkingDays: 3,
  wederhoorWorkingDays: 5,
  finalWorkingDays: 3,
  adviceWorkingDays: 3,
  summaryWorkingDays: 1,
  commissieWorkingDays: 3,
  voteWorkingDays: 2,
  vogDecisionWeeks: 4,
  holidays: [],
};

describe('the backward plan of a formation', () => {
  it('counts working days past weekends and configured holidays, both ways', () => {
    // Friday 2027-01-08 + 1 working day = Monday 2027-01-11.
    expect(shiftWorkingDays('2027-01-08', 1, [])).toBe('2027-01-11');
    expect(shiftWorkingDays('2027-01-11', -1, [])).toBe('2027-01-08');
    // With Monday a holiday, Tuesday.
    expect(shiftWorkingDays('2027-01-08', 1, ['2027-01-11'])).toBe('2027-01-12');
    expect(shiftWorkingDays('2027-01-12', -1, ['2027-01-11'])).toBe('2027-01-08');
    expect(isWorkingDay('2027-04-27', DEFAULT_FORMATION_PLANNING.holidays)).toBe(false); // Koningsdag
    expect(isWorkingDay('2027-04-27', [])).toBe(true);
  });

  it('plans every step back from the installation date, by hand on a plain calendar', () => {
    // Installation Thursday 2027-04-29.
    const latest = backwardPlan('2027-04-29', PLAIN);
    expect(latest).toEqual({
      stemming: '2027-04-29',
      commissie: '2027-04-27', // 2 working days before
      samenvatting: '2027-04-22', // 3 working days before the commissie
      advies: '2027-04-21',
      eindrapportage: '2027-04-16',
      wederhoor: '2027-04-13',
      concept: '2027-04-06', // 5 working days for wederhoor
      gesprek: '2027-04-01',
      vragenlijst: '2027-03-30',
      onderzoek: '2027-03-30',
      // Consent: the earlier of questionnaire − 7 days (2027-03-23) and research − 10 working days (2027-03-16).
      toestemming: '2027-03-16',
      // Four weeks for Justis before the vote: 2027-04-01.
      vogAanvraag: '2027-04-01',
    });
    // Every step comes in the order of the process.
    const order = PLAN_STEPS.filter((s) => s !== 'vogAanvraag').map((s) => latest[s]);
    expect(order).toEqual([...order].sort());
  });

  it('moves the latest dates earlier around holidays, and puts a latest date on a working day', () => {
    const plain = backwardPlan('2027-04-29', PLAIN);
    const withKoningsdag = backwardPlan('2027-04-29', { ...PLAIN, holidays: ['2027-04-27'] });
    // The commissie cannot meet on Koningsdag: two working days before the vote is Monday 26 April.
    expect(withKoningsdag.commissie).toBe('2027-04-26');
    expect(withKoningsdag.samenvatting < plain.samenvatting).toBe(true);
    // Calendar-day steps that land on a weekend go to the Friday before.
    const weekend = backwardPlan('2027-05-02', PLAIN); // a Sunday vote: the VOG request 28 days before is a Sunday too
    expect(weekend.vogAanvraag).toBe('2027-04-02');
    expect(isWorkingDay(weekend.vogAanvraag, [])).toBe(true);
  });

  it('holds while everything is on time, and names the step that slips as soon as the plan no longer fits', () => {
    const installation = '2027-04-29';
    const onTime = casePlan(installation, { vogAanvraag: '2027-03-01', toestemming: '2027-03-10' }, '2027-03-12', PLAIN);
    expect(onTime.slipping).toBeNull();
    expect(onTime.steps.find((s) => s.step === 'toestemming')).toMatchObject({ done: true, doneOn: '2027-03-10', status: 'gedaan', earliest: null });
    // The research can be done 10 working days after consent: 2027-03-24, before its latest (2027-03-30).
    expect(onTime.steps.find((s) => s.step === 'onderzoek')).toMatchObject({ done: false, earliest: '2027-03-24', status: 'op_schema' });

    // Consent late (on 2027-03-19, latest was the 16th): the research can no longer be done in time.
    const late = casePlan(installation, { vogAanvraag: '2027-03-01', toestemming: '2027-03-19' }, '2027-03-19', PLAIN);
    expect(late.steps.find((s) => s.step === 'toestemming')!.status).toBe('gedaan_te_laat');
    expect(late.slipping).toEqual({ step: 'onderzoek', title: 'Openbronnenonderzoek afgerond', latest: '2027-03-30', earliest: '2027-04-02' });

    // Nothing done and today past the VOG's latest date: the VOG slips first.
    const noVog = casePlan(installation, {}, '2027-04-05', PLAIN);
    expect(noVog.slipping).toMatchObject({ step: 'vogAanvraag', latest: '2027-04-01', earliest: '2027-04-05' });
  });

  it('counts a step as done when a later step that needs it is done, and a vote that happened holds', () => {
    const plan = casePlan('2027-04-29', { vogAanvraag: '2027-03-01', advies: '2027-04-20', stemming: '2027-04-29' }, '2027-04-30', PLAIN);
    expect(plan.slipping).toBeNull();
    expect(plan.steps.every((s) => s.done)).toBe(true);
    expect(plan.steps.find((s) => s.step === 'commissie')).toMatchObject({ done: true, doneOn: null, status: 'gedaan' });
  });

  it('fits consent to the vote in about five weeks with the defaults, as a formation of four to eight weeks needs', () => {
    const latest = backwardPlan('2027-06-30', DEFAULT_FORMATION_PLANNING);
    const days = (new Date('2027-06-30').getTime() - new Date(latest.toestemming).getTime()) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(28);
    expect(days).toBeLessThanOrEqual(40);
  });

  it('uses the organisation’s lengths: a slower Justis moves the VOG request earlier', () => {
    const slow = backwardPlan('2027-04-29', { ...PLAIN, vogDecisionWeeks: 8 });
    expect(slow.vogAanvraag).toBe('2027-03-04');
  });
});
