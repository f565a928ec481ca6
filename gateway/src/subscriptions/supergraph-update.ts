import type { PlanNode } from '@apollo/query-planner';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from '@ioc-graph/kit/internal';
import { toClientError } from './operation-errors';
import type { OperationPlanner, PreparedOperation } from './planner';
import type { Subscriber, Topic } from './topic';

/** The subgraphs an operation's plan fetches from: the primary's, and every fetch of the rest. */
export function subgraphsOfPlan(op: PreparedOperation): Set<string> {
  const out = new Set<string>();
  if (op.primary) out.add(op.primary.serviceName);
  const walk = (node: PlanNode | undefined): void => {
    if (!node) return;
    switch (node.kind) {
      case 'Fetch':
        out.add(node.serviceName);
        return;
      case 'Flatten':
        return walk(node.node);
      case 'Sequence':
      case 'Parallel':
        return node.nodes.forEach(walk);
      case 'Condition':
        walk(node.ifClause);
        return walk(node.elseClause);
      case 'Defer':
        walk(node.primary.node);
        return node.deferred.forEach((d) => walk(d.node));
    }
  };
  walk(op.rest);
  const top = op.plan?.node;
  if (top?.kind === 'Subscription') {
    walk(top.primary);
    walk(top.rest);
  } else walk(top);
  return out;
}

export interface ReplanOutcome {
  /** Topics left alone: their plans touch no changed subgraph. */
  kept: number;
  /** Topics re-planned, their subscribers continuing from the last cursor. */
  replanned: number;
  /** Topics whose operation no longer validates: their subscribers got an `error`. */
  failed: number;
}

export interface ReplanHooks {
  planner: OperationPlanner;
  logger: Logger;
  /** Joins the re-planned operation's topic with these subscribers, each after its own cursor. */
  reopen(op: PreparedOperation, from: Topic, handoffs: { subscriber: Subscriber; cursor: string | null }[]): void;
}

/**
 * After a reload: topics whose plans fetch from no changed subgraph stay as they are (their upstream
 * is untouched and no client notices). The others are planned again against the new supergraph and
 * continue after the last cursor their subscribers got; an operation that no longer validates (a
 * field was removed) ends with the validation errors. Own code because no graphql-ws server keeps
 * subscriptions across a schema change (Apollo Router and Hive close them all).
 */
export async function replanTopics(topics: Iterable<Topic>, changed: readonly string[], hooks: ReplanHooks): Promise<ReplanOutcome> {
  const outcome: ReplanOutcome = { kept: 0, replanned: 0, failed: 0 };
  const changedSet = new Set(changed);
  await Promise.all(
    [...topics].map(async (topic) => {
      const { op } = topic.request;
      if (![...subgraphsOfPlan(op)].some((s) => changedSet.has(s))) {
        outcome.kept++;
        return;
      }
      let next: PreparedOperation | null = null;
      let errors: readonly GraphQLFormattedError[] = [];
      try {
        const sep = op.key.indexOf('\u0000');
        next = hooks.planner.prepare(op.key.slice(sep + 1), op.key.slice(0, sep) || undefined);
        if (!next.primary) next = null;
      } catch (err) {
        const list: unknown[] = Array.isArray(err) ? err : [err];
        errors = list.map((e) => toClientError(e, undefined, (internal) => hooks.logger.error({ err: internal }, 're-planning failed')));
      }
      const handoffs = await topic.detach();
      if (!next) {
        outcome.failed++;
        for (const { subscriber } of handoffs) {
          subscriber.error(errors.length ? errors : [{ message: 'The subscription is no longer in the graph', extensions: { code: 'SUBSCRIPTION_ENDED' } }]);
        }
        return;
      }
      outcome.replanned++;
      if (handoffs.length) hooks.reopen(next, topic, handoffs);
    }),
  );
  hooks.logger.info({ changed, ...outcome }, 'subscriptions re-planned for the new supergraph');
  return outcome;
}
