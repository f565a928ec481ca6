import { HeaderMap } from '@apollo/server';
import { Kind, type OperationDefinitionNode, parse } from 'graphql';
import type { FeedHub } from './feed-hub';
import { FEED_POSITION_HEADER, feedPositionPlugin } from './feed-position';

/** The header the plugin sets on the answer to `query` (null: none). */
async function headerFor(query: string, options: { principal?: boolean; errors?: boolean; position?: string | null; sequenced?: string | null; resetMeanwhile?: boolean } = {}): Promise<string | null> {
  let position = options.position === undefined ? '42' : options.position;
  let resets = 0;
  const hub = {
    get readingPosition() { return position; },
    get resetCount() { return resets; },
    sequenceNow: async () => { position = options.sequenced ?? null; },
  } as unknown as FeedHub;
  const plugin = feedPositionPlugin(() => hub, new Set(['reportEconomyObservations', 'recordDossiers']));
  const listener = await plugin.requestDidStart!({} as never);
  if (options.resetMeanwhile) resets++; // the mutation's batch numbered below the head seen before
  const headers = new HeaderMap();
  const operation = parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  await listener!.willSendResponse!({
    operation,
    contextValue: { principal: options.principal === false ? null : { subject: 'r', roles: ['reporter'] } },
    response: { http: { headers }, body: { kind: 'single', singleResult: options.errors ? { errors: [{ message: 'x' }] } : { data: {} } } },
  } as never);
  return headers.get(FEED_POSITION_HEADER) ?? null;
}

describe("the kit's feed position on a mutation's answer", () => {
  it('should be set on the answer to an announced mutation of a caller with a principal', async () => {
    expect(await headerFor('mutation { reportEconomyObservations(input: []) { imported } __typename }')).toBe('42');
    expect(await headerFor('mutation { recordDossiers(input: []) { imported } }')).toBe('42');
  });

  it("should not be set on a query, a caller's without a principal, an answer with errors", async () => {
    expect(await headerFor('{ economyIndicator(code: "X") { code } }')).toBeNull();
    expect(await headerFor('mutation { reportEconomyObservations(input: []) { imported } }', { principal: false })).toBeNull();
    expect(await headerFor('mutation { reportEconomyObservations(input: []) { imported } }', { errors: true })).toBeNull();
  });

  it("should not be set on a mutation whose writes the feed does not announce (a partner's own), nor beside one", async () => {
    expect(await headerFor('mutation { addFacility(code: "1") { code } }')).toBeNull();
    expect(await headerFor('mutation { reportEconomyObservations(input: []) { imported } addFacility(code: "1") { code } }')).toBeNull();
    expect(await headerFor('mutation { ... on Mutation { reportEconomyObservations(input: []) { imported } } }')).toBeNull();
  });

  it('should sequence once more when a write left to the sequencer is not numbered yet, and say nothing if it still is not', async () => {
    expect(await headerFor('mutation { recordDossiers(input: []) { imported } }', { position: null, sequenced: '57' })).toBe('57');
    expect(await headerFor('mutation { recordDossiers(input: []) { imported } }', { position: null, sequenced: null })).toBeNull();
  });

  it('should not be set when the feed was found reset while the mutation ran (a position from before may be behind the gateway)', async () => {
    expect(await headerFor('mutation { reportEconomyObservations(input: []) { imported } }', { resetMeanwhile: true })).toBeNull();
  });
});
