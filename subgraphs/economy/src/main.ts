import { runSubgraphProcess } from '@ioc-graph/kit';
import { economySubgraph } from './economy.subgraph';

void runSubgraphProcess(economySubgraph, 4002);
