import { runSubgraphProcess } from '@ioc-graph/shared';
import { healthSubgraph } from './health.subgraph';

void runSubgraphProcess(healthSubgraph, 4100);
