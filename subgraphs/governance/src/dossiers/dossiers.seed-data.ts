import { ObservationStatus } from '@ioc-graph/kit';
import type { DossierFlowInput } from './dossier-flow.entity';

/**
 * Demo dossier flows (generated, status E) for Sơn La (14), 2019–2022: the counts behind the
 * generated online-rate history that leads to the article's 69,46 % in 2023 (004_07bb0b8063c08b1f),
 * so the rates of those years are computed from the flow, as in production.
 */
export const DOSSIER_FLOWS: DossierFlowInput[] = [
  { unitCode: '14', period: '2019', receivedOnline: 8700, receivedOffline: 91300, resolvedOnTime: 95880, resolvedLate: 4120, status: ObservationStatus.E, source: 'generated' },
  { unitCode: '14', period: '2020', receivedOnline: 17900, receivedOffline: 82100, resolvedOnTime: 96700, resolvedLate: 3300, status: ObservationStatus.E, source: 'generated' },
  { unitCode: '14', period: '2021', receivedOnline: 31400, receivedOffline: 68600, resolvedOnTime: 97650, resolvedLate: 2350, status: ObservationStatus.E, source: 'generated' },
  { unitCode: '14', period: '2022', receivedOnline: 48200, receivedOffline: 51800, resolvedOnTime: 98400, resolvedLate: 1600, status: ObservationStatus.E, source: 'generated' },
];
