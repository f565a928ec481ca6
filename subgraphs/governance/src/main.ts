import { runSubgraphProcess } from '@ioc-graph/shared';
import { governanceSubgraph } from './governance.subgraph';

void runSubgraphProcess(governanceSubgraph, 4001);
