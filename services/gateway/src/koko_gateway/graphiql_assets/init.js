// Koko's GraphiQL page: the fetcher posts to the page's own URL (the gateway's /graphql); the
// documentation explorer is open from the start, so the API's types are the first thing seen; the
// editor opens on the example the page carries (the one `make run` prints).
(function () {
  const root = document.getElementById("graphiql");
  const fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
  const example = root.dataset.defaultQuery;
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: example || undefined,
      defaultEditorToolbarOpen: true,
      visiblePlugin: GraphiQL.React.DOC_EXPLORER_PLUGIN,
    })
  );
})();
