/* Typesets the page's formulas with KaTeX. The markdown renderer wrote each one as \(...\) or \[...\]
   inside an element of class nb-math (nb-display for displayed ones); KaTeX replaces that text. */
(function () {
  if (typeof window.katex === 'undefined') return;
  var formulas = document.querySelectorAll('.nb-math');
  for (var i = 0; i < formulas.length; i++) {
    var element = formulas[i];
    var tex = element.textContent.trim();
    var delimited = /^\\[(\[]([\s\S]*)\\[)\]]$/.exec(tex);
    if (delimited) tex = delimited[1];
    var display = element.classList.contains('nb-display');
    try {
      window.katex.render(tex, element, { displayMode: display, throwOnError: false });
    } catch (e) {
      element.classList.add('nb-math-error');
      element.title = String(e);
    }
    if (!display) keepPunctuation(element);
  }

  // Browsers may break a line between a typeset formula and the full stop after it; keep them together.
  function keepPunctuation(element) {
    var next = element.nextSibling;
    var match = next && next.nodeType === 3 && /^[.,;:!?)\]’”]+/.exec(next.nodeValue);
    if (!match) return;
    var group = document.createElement('span');
    group.className = 'nb-nowrap';
    element.parentNode.insertBefore(group, element);
    group.appendChild(element);
    group.appendChild(document.createTextNode(match[0]));
    next.nodeValue = next.nodeValue.slice(match[0].length);
  }
})();
