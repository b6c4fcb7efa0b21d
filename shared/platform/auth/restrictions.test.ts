import { describe, expect, it } from 'vitest';
import { restrictionCondition, withinRestrictions } from './restrictions';

describe('facility and division restrictions', () => {
  it('an unrestricted member reaches every record', () => {
    expect(withinRestrictions(undefined, { facility: 'plant-1', division: 'retail' })).toBe(true);
    expect(withinRestrictions({}, {})).toBe(true);
  });

  it('applies facility and division independently', () => {
    const onlyPlant1 = { facilities: ['plant-1'] };
    expect(withinRestrictions(onlyPlant1, { facility: 'plant-1', division: 'anything' })).toBe(true);
    expect(withinRestrictions(onlyPlant1, { facility: 'plant-2', division: 'retail' })).toBe(false);
    const both = { facilities: ['plant-1'], divisions: ['retail'] };
    expect(withinRestrictions(both, { facility: 'plant-1', division: 'retail' })).toBe(true);
    expect(withinRestrictions(both, { facility: 'plant-1', division: 'wholesale' })).toBe(false);
    expect(withinRestrictions(both, { facility: 'plant-2', division: 'retail' })).toBe(false);
  });

  it('hides untagged records from a restricted member', () => {
    expect(withinRestrictions({ divisions: ['retail'] }, { facility: 'plant-1' })).toBe(false);
  });

  it('builds the matching query condition', () => {
    expect(restrictionCondition(undefined)).toEqual({ parameters: [] });
    expect(restrictionCondition({ facilities: ['a'], divisions: ['b', 'c'] })).toEqual({
      where: 'ARRAY_CONTAINS(@allowedFacilities, c.facility) AND ARRAY_CONTAINS(@allowedDivisions, c.division)',
      parameters: [
        { name: '@allowedFacilities', value: ['a'] },
        { name: '@allowedDivisions', value: ['b', 'c'] },
      ],
    });
  });
});
