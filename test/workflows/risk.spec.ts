import fc from 'fast-check';
import { IMPACTS, LEVELS, LIKELIHOODS, riskLevel } from '../../workflows/risk';

describe('risk matrix (kans × impact)', () => {
  it('never lowers the level when likelihood or impact rises', () => {
    const likelihood = fc.constantFrom(...LIKELIHOODS);
    const impact = fc.constantFrom(...IMPACTS);
    fc.assert(
      fc.property(likelihood, likelihood, impact, impact, (l1, l2, i1, i2) => {
        const [lo, hi] = [LIKELIHOODS.indexOf(l1), LIKELIHOODS.indexOf(l2)].sort();
        const [io, ih] = [IMPACTS.indexOf(i1), IMPACTS.indexOf(i2)].sort();
        expect(LEVELS.indexOf(riskLevel(LIKELIHOODS[lo], IMPACTS[io]))).toBeLessThanOrEqual(LEVELS.indexOf(riskLevel(LIKELIHOODS[hi], IMPACTS[ih])));
      }),
    );
  });

  it('is symmetric in its extremes and uses all three levels', () => {
    expect(riskLevel('klein', 'beperkt')).toBe('laag');
    expect(riskLevel('groot', 'ernstig')).toBe('hoog');
    expect(riskLevel('klein', 'ernstig')).toBe(riskLevel('groot', 'beperkt'));
    expect(new Set(LIKELIHOODS.flatMap((l) => IMPACTS.map((i) => riskLevel(l, i))))).toEqual(new Set(LEVELS));
  });
});
