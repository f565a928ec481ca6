// Workers first: monaco-editor reads globalThis.MonacoEnvironment when it starts.
import './monaco-workers.ts';

import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { DEFAULT_QUERY } from './default-query.ts';

/** Same-origin endpoint: HTTP POST /graphql, and graphql-ws on the same path. */
const httpUrl = new URL('/graphql', location.origin);
const wsUrl = new URL(httpUrl);
wsUrl.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';

/*
 * Queries/mutations go over HTTP POST; subscriptions over WebSocket
 * (graphql-ws protocol, loaded lazily). With `subscriptionUrl` the toolkit
 * opens one graphql-ws client per subscription and sends the Headers tab
 * content as connectionParams, so a bearer token reaches the WS handshake too.
 */
const fetcher = createGraphiQLFetcher({
  url: httpUrl.href,
  subscriptionUrl: wsUrl.href,
});

const container = document.getElementById('graphiql');
if (!container) throw new Error('#graphiql container missing');

createRoot(container).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} defaultEditorToolsVisibility="headers" />
  </StrictMode>,
);
