import { runSubgraphProcess } from '@ioc-graph/kit';
import { healthSubgraph } from './health.subgraph';

void runSubgraphProcess(healthSubgraph, 4100);
