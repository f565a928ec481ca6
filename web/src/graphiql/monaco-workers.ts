/**
 * Monaco web workers for GraphiQL 5, bundled by Vite (`?worker` imports), so
 * nothing is fetched from a CDN. Same as `graphiql/setup-workers/vite`, minus
 * its console.info on every worker start.
 *
 * Only the three workers GraphiQL uses are bundled: the base editor worker,
 * JSON (variables / headers / response editors) and GraphQL (operation editor).
 * Must be imported before anything that loads monaco-editor.
 */
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import JsonWorker from 'monaco-editor/esm/vs/language/json/json.worker.js?worker';
import GraphQLWorker from 'monaco-graphql/esm/graphql.worker.js?worker';

window.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    switch (label) {
      case 'json':
        return new JsonWorker();
      case 'graphql':
        return new GraphQLWorker();
      default:
        return new EditorWorker();
    }
  },
};
