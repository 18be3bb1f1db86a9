// Starts GraphiQL on #graphiql. Kept out of the HTML so a strict CSP can forbid inline scripts.
//
// The URL carries the editor's state: /graphql?query=...&variables=... opens with that query
// (other pages link here that way), and edits are written back so the address can be shared.
(function () {
  "use strict";

  var container = document.getElementById("graphiql");
  var params = new URLSearchParams(window.location.search);

  function remember(name, value) {
    if (value) {
      params.set(name, value);
    } else {
      params.delete(name);
    }
    var search = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
  }

  var props = {
    fetcher: GraphiQL.createFetcher({ url: container.dataset.endpoint }),
    plugins: [GraphiQLPluginExplorer.explorerPlugin()],
    defaultQuery: container.dataset.defaultQuery,
    shouldPersistHeaders: false,
    onEditQuery: function (value) { remember("query", value); },
    onEditVariables: function (value) { remember("variables", value); },
    onEditOperationName: function (value) { remember("operationName", value); },
  };
  // Only pass what the URL has: otherwise GraphiQL restores the last session or the example.
  if (params.has("query")) { props.query = params.get("query"); }
  if (params.has("variables")) { props.variables = params.get("variables"); }
  if (params.has("operationName")) { props.operationName = params.get("operationName"); }

  ReactDOM.createRoot(container).render(React.createElement(GraphiQL, props));
})();
