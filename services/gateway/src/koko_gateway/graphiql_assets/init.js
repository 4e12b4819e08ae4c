// Koko's GraphiQL page: the fetcher posts to the page's own URL (the gateway's /graphql); the
// documentation explorer is open from the start, so the API's types are the first thing seen.
(function () {
  const root = document.getElementById("graphiql");
  const fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolbarOpen: true,
      visiblePlugin: GraphiQL.React.DOC_EXPLORER_PLUGIN,
    })
  );
})();
