import { runSubgraphProcess } from '@ioc-graph/kit';
import { societySubgraph } from './society.subgraph';

void runSubgraphProcess(societySubgraph, 4003);
