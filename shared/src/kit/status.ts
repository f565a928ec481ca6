import { Direction, TargetStatus } from './graphql/enums';

/**
 * How far short of its target a value may fall and still count as AT_RISK rather than OFF_TRACK,
 * as a fraction of the target.
 * @default 0.1
 */
export const AT_RISK_MARGIN = 0.1;

/** A value against its target: met → ON_TRACK; within the margin → AT_RISK; else OFF_TRACK. */
export function statusAgainstTarget(
  value: number,
  target: number | null | undefined,
  direction: Direction | string,
  margin = AT_RISK_MARGIN,
): TargetStatus {
  if (target === null || target === undefined) return TargetStatus.NO_TARGET;
  const higher = direction === Direction.HIGHER_IS_BETTER;
  const met = higher ? value >= target : value <= target;
  if (met) return TargetStatus.ON_TRACK;
  const gap = Math.abs(value - target) / Math.max(Math.abs(target), Number.EPSILON);
  return gap <= margin ? TargetStatus.AT_RISK : TargetStatus.OFF_TRACK;
}
