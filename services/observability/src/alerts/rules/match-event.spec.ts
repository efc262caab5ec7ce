import { groupOf, isFailure, judge, matchesFilters } from './match-event';
import { conditionSchema } from './rule.schema';

const violation = { scanner: 'injection', action: 'block', severity: 'high', principal: { keyId: 'k1', teamId: 'red' } };

describe('matchesFilters', () => {
  const c = conditionSchema.parse({ kind: 'event_count', subject: 'policy.violated', filters: { scanner: 'injection', severity: ['high', 'critical'], 'principal.teamId': 'red' } });
  it('needs every filter to hold; a list matches any of its values; paths reach nested fields', () => {
    expect(matchesFilters(c, violation)).toBe(true);
    expect(matchesFilters(c, { ...violation, severity: 'low' })).toBe(false);
    expect(matchesFilters(c, { ...violation, principal: { keyId: 'k1', teamId: 'blue' } })).toBe(false);
    expect(matchesFilters(c, { scanner: 'injection', severity: 'high' })).toBe(false);
  });
});

describe('groupOf', () => {
  it('keys an alert by the values of its group-by fields, and by nothing without them', () => {
    const grouped = conditionSchema.parse({ kind: 'event_count', subject: 'policy.violated', groupBy: ['principal.teamId', 'scanner'] });
    expect(groupOf(grouped, violation)).toEqual({ key: '[["principal.teamId","red"],["scanner","injection"]]', values: { 'principal.teamId': 'red', scanner: 'injection' } });
    expect(groupOf(conditionSchema.parse({ kind: 'event_count', subject: 'policy.violated' }), violation)).toEqual({ key: '', values: {} });
  });
});

describe('judge', () => {
  it('event count: fires at the threshold', () => {
    const c = conditionSchema.parse({ kind: 'event_count', subject: 'policy.violated', threshold: 3 });
    expect(judge(c, { total: 2, failed: 2 }).holds).toBe(false);
    expect(judge(c, { total: 3, failed: 3 })).toEqual({ holds: true, value: 3 });
  });

  it('error rate: fires at the share of errors once the window has enough requests', () => {
    const c = conditionSchema.parse({ kind: 'error_rate', ratePercent: 50, minRequests: 4 });
    expect(judge(c, { total: 3, failed: 3 }).holds).toBe(false);
    expect(judge(c, { total: 4, failed: 2 })).toEqual({ holds: true, value: 50 });
    expect(judge(c, { total: 7, failed: 3 })).toEqual({ holds: false, value: 42.86 });
    expect(isFailure(c, { status: 502 })).toBe(true);
    expect(isFailure(c, { status: 429 })).toBe(false);
    expect(isFailure(conditionSchema.parse({ kind: 'error_rate', ratePercent: 10, statusAtLeast: 400 }), { status: 429 })).toBe(true);
  });
});
