// Koko's GraphiQL page: the fetcher posts to the page's own URL (the gateway's /graphql).
(function () {
  const root = document.getElementById("graphiql");
  const fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultEditorToolbarOpen: true })
  );
})();
