import { runSubgraphProcess } from '@ioc-graph/kit';
import { healthSubgraph } from './health.subgraph';

// Port: HEALTH_PORT (the subgraph's name in capitals + _PORT), else 4100. Database: DATABASE_URL, else
// an embedded PostgreSQL with data in IOC_DATA_DIR (default .data/postgres).
void runSubgraphProcess(healthSubgraph, 4100);
