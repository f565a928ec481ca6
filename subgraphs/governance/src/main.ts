import { runSubgraphProcess } from '@ioc-graph/kit';
import { governanceSubgraph } from './governance.subgraph';

void runSubgraphProcess(governanceSubgraph, 4001);
