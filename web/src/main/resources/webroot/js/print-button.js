// Print buttons of the staff pages: <button data-print>. Without JavaScript the browser's own Print does the same.
for (const button of document.querySelectorAll('button[data-print]')) {
  button.addEventListener('click', () => window.print());
}
