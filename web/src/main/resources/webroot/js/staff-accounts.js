// The reset-link page: copies the link, for the person who issued it to hand it over, and says it is done.
for (const button of document.querySelectorAll('button[data-copy]')) {
  const field = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.status);
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      // No clipboard API on a plain-http centre network: select the link and copy the old way.
      field.select();
      document.execCommand('copy');
    }
    status.textContent = button.dataset.done;
  });
}
