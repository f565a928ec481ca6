import { runSubgraphProcess } from '@ioc-graph/shared';
import { societySubgraph } from './society.subgraph';

void runSubgraphProcess(societySubgraph, 4003);
