// A partner subgraph in plain JavaScript (CommonJS): `npm install ioc-graph-kit-0.1.0.tgz`, then
// `node main.js`. Port: HEALTH_PORT (default 4100). Database: DATABASE_URL, else an embedded
// PostgreSQL with data in IOC_DATA_DIR (default .data/postgres).
const { runSubgraphProcess, UNITS } = require('@ioc-graph/kit');

/** @type {import('@ioc-graph/kit').SubgraphDefinition} */
const healthSubgraph = {
  name: 'health',
  pillar: 'health',
  typePrefix: 'Health',
  pillarName: 'Y tế số',
  pillarNameEn: 'Digital health',
  seed: {
    units: UNITS,
    indicators: [
      {
        code: 'HEALTH_EMR_HOSPITAL_RATE', name: 'Tỷ lệ bệnh viện triển khai bệnh án điện tử', nameEn: 'Hospitals with electronic medical records',
        pillar: 'health', unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'QUARTERLY', aggregation: 'AVERAGE', agencyCode: 'BYT',
        legalBasis: '46/2018/TT-BYT',
      },
    ],
    targets: [],
    observations: [
      { indicatorCode: 'HEALTH_EMR_HOSPITAL_RATE', unitCode: '19', period: '2023-Q4', value: 40, status: 'E', source: 'generated' },
    ],
  },
  // Own types in SDL, resolvers as a plain map. Own root fields nullable: a non-null one would null the
  // whole answer of a query that mixes it with core fields while this subgraph is down.
  typeDefs: 'type HealthFacility { code: ID! name: String! beds: Int! } extend type Query { healthFacilities: [HealthFacility!] }',
  typeResolvers: () => ({
    Query: { healthFacilities: () => [{ code: 'BVDKTW-TN', name: 'Bệnh viện Trung ương Thái Nguyên', beds: 1500 }] },
  }),
};

runSubgraphProcess(healthSubgraph, 4100);
