import { Direction, TargetStatus } from './graphql/enums';
import { statusAgainstTarget } from './status';

describe('statusAgainstTarget', () => {
  it('should be ON_TRACK when a higher-is-better value meets its target', () => {
    expect(statusAgainstTarget(90, 90, Direction.HIGHER_IS_BETTER)).toBe(TargetStatus.ON_TRACK);
  });
  it('should be AT_RISK within the margin below the target', () => {
    expect(statusAgainstTarget(82, 90, Direction.HIGHER_IS_BETTER)).toBe(TargetStatus.AT_RISK);
  });
  it('should be OFF_TRACK further below', () => {
    expect(statusAgainstTarget(69.46, 90, Direction.HIGHER_IS_BETTER)).toBe(TargetStatus.OFF_TRACK);
  });
  it('should treat a rank as lower-is-better', () => {
    expect(statusAgainstTarget(8, 10, Direction.LOWER_IS_BETTER)).toBe(TargetStatus.ON_TRACK);
    expect(statusAgainstTarget(11, 10, Direction.LOWER_IS_BETTER)).toBe(TargetStatus.AT_RISK);
    expect(statusAgainstTarget(56, 10, Direction.LOWER_IS_BETTER)).toBe(TargetStatus.OFF_TRACK);
  });
  it('should be NO_TARGET without a target', () => {
    expect(statusAgainstTarget(5, null, Direction.HIGHER_IS_BETTER)).toBe(TargetStatus.NO_TARGET);
  });
});
