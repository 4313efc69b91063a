/* Starts a deck written by NotebookRunner --slides: reveal.js at 1280×720 (scaled to the screen), and charts
   fitted to their slide when it is shown. Charts draw while the page loads, when every slide but the first
   is hidden and has no width; plotly.js then draws at a default size, so each chart (any plotly.js chart,
   by the class plotly.js gives it) is resized once its slide is on screen. */
(function () {
  function fitCharts(container) {
    if (!container || !window.Plotly || !window.Plotly.Plots) return;
    var charts = container.querySelectorAll('.js-plotly-plot');
    for (var i = 0; i < charts.length; i++) {
      try {
        var resized = window.Plotly.Plots.resize(charts[i]);
        if (resized && resized.catch) resized.catch(function () { /* a chart that cannot resize keeps its size */ });
      } catch (e) { /* as above */ }
    }
  }

  Reveal.on('ready', function (event) { fitCharts(event.currentSlide); });
  Reveal.on('slidechanged', function (event) { fitCharts(event.currentSlide); });
  Reveal.on('pdf-ready', function () { fitCharts(document); });

  Reveal.initialize({
    width: 1280,
    height: 720,
    margin: 0.04,
    center: false,
    hash: true,
    slideNumber: 'c/t',
    transition: 'slide',
    transitionSpeed: 'fast',
    plugins: window.RevealNotes ? [window.RevealNotes] : []
  });
})();
