import { runSubgraphProcess } from '@ioc-graph/shared';
import { economySubgraph } from './economy.subgraph';

void runSubgraphProcess(economySubgraph, 4002);
