// The static site's own wiring (cnn/site.py builds it): its tabs, and the pad, answer and Inside view of page.js.
(function () {
  'use strict';
  const config = JSON.parse(document.getElementById('site-config')?.textContent || '{}');
  DrawADigit.configure(config.base || './');
  const pad = document.getElementById('sketchpad');
  DrawADigit.mountPad(pad, config.pad);
  DrawADigit.mountAnswer(document.getElementById('answer'));
  DrawADigit.mountInside(document.getElementById('inside-view'));
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    tab.addEventListener('click', () => {
      for (const other of document.querySelectorAll('[role="tab"]')) {
        const chosen = other === tab;
        other.setAttribute('aria-selected', String(chosen));
        document.getElementById(other.dataset.tab).hidden = !chosen;
      }
    });
  }
})();
