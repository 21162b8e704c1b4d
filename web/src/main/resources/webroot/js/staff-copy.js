// Copy buttons (staff pages, and a family's registration page): <button data-copy="input-id" data-copied="…" data-copy-failed="…">.
// The clipboard API needs a secure page (https or this machine); elsewhere the field's text is selected and
// copied the older way, or left selected for Ctrl+C.
const status = document.getElementById('copy-status');

async function copy(field) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(field.value);
    return true;
  }
  field.focus();
  field.select();
  return document.execCommand('copy');
}

for (const button of document.querySelectorAll('button[data-copy]')) {
  const field = document.getElementById(button.dataset.copy);
  button.addEventListener('click', async () => {
    let copied = false;
    try {
      copied = await copy(field);
    } catch (e) {
      copied = false;
    }
    if (!copied) {
      field.focus();
      field.select();
    }
    if (status) {
      status.textContent = copied ? button.dataset.copied : button.dataset.copyFailed;
    }
  });
}
