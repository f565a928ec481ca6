import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { KitContext } from '../kit.context';
import type { FeedHub } from './feed-hub';

/**
 * The response header of a subgraph's answer to a mutation: the change feed's position once the
 * mutation's writes are in it (a decimal outbox `seq`, see {@link FeedHub.readingPosition}). A
 * gateway whose query cache follows the change feed answers its client once its invalidation stream
 * has passed it (every entry the write touched dropped by its event) instead of emptying the
 * subgraph's entries. Public information (`/healthz` says `feedPosition` to anyone, the readings
 * feed gives cursors), so it needs no secret; the gateway never forwards a subgraph's headers.
 */
export const FEED_POSITION_HEADER = 'x-ioc-feed-position';

/**
 * Sets {@link FEED_POSITION_HEADER} on the answer to a mutation of a caller with a principal (every
 * writer has one) that ran without errors and selects only `announced` fields (mutations whose
 * writes the change feed announces in full: a partner's own mutation of its own tables is not, and
 * its answer says nothing, so a gateway drops the subgraph's entries after it). Its resolvers have
 * returned by then: a numbered batch moved the hub's head at once, a report in a caller's
 * transaction was sequenced by `afterCommit`. When the hub cannot vouch for the position (a write
 * left to the sequencer is not numbered yet, and one more sequencing run fails; the feed was found
 * reset while the mutation ran) no header is sent.
 * @param announced root mutation fields, e.g. `reportEconomyObservations`
 */
export function feedPositionPlugin(hub: () => FeedHub, announced: ReadonlySet<string>): ApolloServerPlugin<KitContext> {
  return {
    async requestDidStart() {
      // A reset found while the mutation ran (its batch numbered below the head seen before) makes
      // any position this process knows untrustworthy: no header, the gateway drops the subgraph's entries.
      const resets = hub().resetCount;
      return {
        async willSendResponse({ operation, contextValue, response }) {
          if (operation?.operation !== 'mutation' || !contextValue.principal || !onlyAnnounced(operation, announced)) return;
          if (response.body.kind !== 'single' || response.body.singleResult.errors?.length) return;
          const feed = hub();
          if (feed.resetCount !== resets) return;
          let position = feed.readingPosition;
          if (position === null) {
            await feed.sequenceNow().catch(() => undefined);
            position = feed.readingPosition;
          }
          if (position !== null) response.http.headers.set(FEED_POSITION_HEADER, position);
        },
      };
    },
  };
}

/** Whether the mutation selects nothing at its root but `announced` fields (and `__typename`); a fragment there: not known, no. */
function onlyAnnounced(operation: OperationDefinitionNode, announced: ReadonlySet<string>): boolean {
  return operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && (s.name.value === '__typename' || announced.has(s.name.value)));
}
