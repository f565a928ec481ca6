import { type IndicatorSeed, type ObservationSeed, type SubgraphDefinition, UNITS } from '@ioc-graph/kit';

/** A partner's own indicators: the kit needs only their definitions. */
const INDICATORS: IndicatorSeed[] = [
  {
    code: 'HEALTH_EMR_HOSPITAL_RATE', name: 'Tỷ lệ bệnh viện triển khai bệnh án điện tử', nameEn: 'Hospitals with electronic medical records',
    pillar: 'health', unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'QUARTERLY', aggregation: 'AVERAGE', agencyCode: 'BYT',
    legalBasis: '46/2018/TT-BYT',
  },
  {
    code: 'HEALTH_CHIP_ID_CHECKINS', name: 'Lượt khám chữa bệnh dùng căn cước gắn chíp', nameEn: 'Medical check-ins with chip-ID cards',
    pillar: 'health', unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'DAILY', aggregation: 'SUM', agencyCode: 'BYT',
  },
];

const OBSERVATIONS: ObservationSeed[] = [
  { indicatorCode: 'HEALTH_EMR_HOSPITAL_RATE', unitCode: '19', period: '2023-Q4', value: 40, status: 'E', source: 'generated' },
];

/** An own type, in plain SDL: no decorators, so no `experimentalDecorators` in tsconfig. */
interface HealthFacility { code: string; name: string; unitCode: string; beds: number }
const FACILITIES: HealthFacility[] = [
  { code: 'BVDKTW-TN', name: 'Bệnh viện Trung ương Thái Nguyên', unitCode: '19', beds: 1500 },
  { code: 'BVDK-SL', name: 'Bệnh viện Đa khoa tỉnh Sơn La', unitCode: '14', beds: 850 },
];

/** The partner subgraph: same kit, its own prefix (`healthIndicators`, `healthReadings`…). */
export const healthSubgraph: SubgraphDefinition = {
  name: 'health',
  pillar: 'health',
  typePrefix: 'Health',
  pillarName: 'Y tế số',
  pillarNameEn: 'Digital health',
  seed: { units: UNITS, indicators: INDICATORS, targets: [], observations: OBSERVATIONS },
  typeDefs: `
    type HealthFacility { code: ID! name: String! unitCode: ID! beds: Int! }
    extend type Query { healthFacilities(unitCode: ID): [HealthFacility!] }  # nullable: see the README (partner down)
  `,
  typeResolvers: () => ({
    Query: {
      healthFacilities: (_: unknown, args: { unitCode?: string | null }) =>
        FACILITIES.filter((f) => !args.unitCode || f.unitCode === args.unitCode),
    },
  }),
};
